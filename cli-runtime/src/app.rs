//! A generated tool as values ([`App`]), and [`main`]: the command line read, credentials found,
//! the command run, its answer printed and its failure turned into a message and an exit code.

use std::future::Future;
use std::pin::Pin;
use std::process::ExitCode;

use clap::{Arg, ArgMatches, Command};

use crate::failure::{Failure, Kind};
use crate::login::{self, Login};
use crate::output::{Format, Output};
use crate::store::Store;

/// A boxed future, as generated commands return them.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// Runs the command `group command` (canonical names, aliases resolved) with its matches.
pub type Run = for<'a> fn(
    &'a Context,
    &'a str,
    &'a str,
    &'a ArgMatches,
    &'a mut Output,
) -> BoxFuture<'a, Result<(), Failure>>;

/// What differs per generated tool.
#[derive(Debug)]
pub struct App {
    /// The binary's name (`particle-api`).
    pub name: &'static str,
    /// What `--help` says it is.
    pub about: &'static str,
    /// Its version.
    pub version: &'static str,
    /// The start of its environment variables' names (`PARTICLE`: `PARTICLE_API_URL`,
    /// `PARTICLE_ACCESS_TOKEN`, `PARTICLE_CONFIG_DIR`).
    pub env_prefix: &'static str,
    /// The API's default base URL.
    pub default_base_url: &'static str,
    /// The security schemes whose credentials a user can give.
    pub schemes: &'static [Scheme],
    /// The command groups (one per tag), each with its commands.
    pub groups: fn() -> Vec<Command>,
    /// Top-level commands that stand for one command of a group.
    pub aliases: &'static [Alias],
    /// How `login` gets a token, when the API declares it.
    pub login: Option<Login>,
    /// Runs a command of a group.
    pub run: Run,
}

/// A security scheme, as the command line takes its credential.
#[derive(Debug, Clone, Copy)]
pub struct Scheme {
    /// The spec's name for it.
    pub name: &'static str,
    /// A token, or a username and password.
    pub basic: bool,
    /// The flag that gives it (`access-token`).
    pub flag: &'static str,
    /// A shorter second name of the flag (`token`), if any.
    pub alias: Option<&'static str>,
    /// The environment variable that gives it (`PARTICLE_ACCESS_TOKEN`); a Basic credential as
    /// `username:password`.
    pub env: &'static str,
}

/// A top-level command that is another command by a shorter name (`list` for `devices list`).
#[derive(Debug, Clone, Copy)]
pub struct Alias {
    /// The alias.
    pub name: &'static str,
    /// The group of the command it stands for.
    pub group: &'static str,
    /// That command's name in its group.
    pub command: &'static str,
}

/// A credential found on the command line, in the environment or in the configuration file.
#[derive(Clone)]
pub enum Credential {
    /// A token or API key.
    Token(String),
    /// A username and password.
    Basic {
        /// The username.
        username: String,
        /// The password.
        password: String,
    },
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Token(_) => f.write_str("Token(***)"),
            Self::Basic { username, .. } => write!(f, "Basic({username}, ***)"),
        }
    }
}

/// What a command runs with: the base URL and the credentials found.
#[derive(Debug, Clone, Default)]
pub struct Context {
    base_url: Option<String>,
    credentials: Vec<(&'static str, Credential)>,
}

impl Context {
    /// The base URL given (`--base-url`, `<PREFIX>_API_URL`), if any.
    pub fn base_url(&self) -> Option<&str> {
        self.base_url.as_deref()
    }

    /// Whether the base URL is plain `http://` on this machine (a mock or a local server), which
    /// the client is told to allow.
    pub fn local_http(&self) -> bool {
        self.base_url.as_deref().is_some_and(is_local_http)
    }

    /// The credentials found, by security scheme name.
    pub fn credentials(&self) -> &[(&'static str, Credential)] {
        &self.credentials
    }

    /// This context with `credential` for `scheme` in place of any other.
    pub fn with_credential(&self, scheme: &'static str, credential: Credential) -> Self {
        let mut context = self.clone();
        context.credentials.retain(|(name, _)| *name != scheme);
        context.credentials.push((scheme, credential));
        context
    }
}

/// Whether `url` is `http://` to a loopback host.
fn is_local_http(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(host, _)| host),
    };
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The heading of the options every command takes.
const GLOBAL: &str = "Global options";

/// The names of the commands every tool has, which a group of the API must not take.
pub const BUILT_IN: &[&str] = &["completions", "help", "login", "logout", "token"];

/// The whole command line of `app`.
pub fn command(app: &App) -> Command {
    let mut root = Command::new(app.name)
        .about(app.about)
        .version(app.version)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .max_term_width(100)
        .arg(
            Arg::new("output")
                .long("output")
                .short('o')
                .global(true)
                .help_heading(GLOBAL)
                .value_name("FORMAT")
                .value_parser(Format::NAMES)
                .help("How answers are printed [default: json in a pipe, table on a terminal]"),
        )
        .arg(
            Arg::new("base-url")
                .long("base-url")
                .global(true)
                .help_heading(GLOBAL)
                .value_name("URL")
                .help(if app.default_base_url.is_empty() {
                    format!(
                        "Send requests to this server (the API names none) [env: {}_API_URL]",
                        app.env_prefix
                    )
                } else {
                    format!(
                        "Send requests to this server (a mock, staging) [env: {}_API_URL] [default: {}]",
                        app.env_prefix, app.default_base_url
                    )
                }),
        );
    for scheme in app.schemes {
        let what = if scheme.basic {
            "username:password"
        } else {
            "token"
        };
        let mut arg = Arg::new(scheme.flag)
            .long(scheme.flag)
            .global(true)
            .help_heading(GLOBAL)
            .value_name(if scheme.basic {
                "USER:PASSWORD"
            } else {
                "TOKEN"
            })
            .help(format!(
                "The {what} for `{}` [env: {}]",
                scheme.name, scheme.env
            ));
        if let Some(alias) = scheme.alias {
            arg = arg.visible_alias(alias);
        }
        root = root.arg(arg);
    }
    let groups = (app.groups)();
    for alias in app.aliases {
        let target = groups
            .iter()
            .find(|group| group.get_name() == alias.group)
            .and_then(|group| group.find_subcommand(alias.command));
        if let Some(target) = target {
            let about = format!(
                "{} (`{} {}`)",
                target
                    .get_about()
                    .map(|a| a.to_string())
                    .unwrap_or_default(),
                alias.group,
                alias.command
            );
            root = root.subcommand(target.clone().name(alias.name).about(about));
        }
    }
    root = root.subcommands(groups);
    if let Some(login) = &app.login {
        root = root.subcommands(login::commands(login));
    }
    root.subcommand(
        Command::new("completions")
            .about("Print a shell completion script")
            .arg(
                Arg::new("shell")
                    .required(true)
                    .value_parser(clap::value_parser!(clap_complete::Shell))
                    .help("The shell: bash, zsh, fish, elvish or powershell"),
            ),
    )
}

/// Run the tool: read the command line, run the command, print its answer or its failure.
pub fn main(app: &App) -> ExitCode {
    let matches = match command(app).try_get_matches() {
        Ok(matches) => matches,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return report(&Failure::local(format!("cannot start: {error}"))),
    };
    let outcome = runtime.block_on(async {
        tokio::select! {
            outcome = run(app, &matches) => outcome,
            _ = tokio::signal::ctrl_c() => Err(Failure::new(Kind::Interrupted, "interrupted")),
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report(&failure),
    }
}

/// Print `failure` to standard error (nothing for a closed pipe) and give its exit code.
fn report(failure: &Failure) -> ExitCode {
    if failure.kind() != Kind::Closed {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("error: {failure}");
        }
    }
    failure.exit_code()
}

/// Run the command `matches` names.
async fn run(app: &App, matches: &ArgMatches) -> Result<(), Failure> {
    let format = matches
        .get_one::<String>("output")
        .and_then(|name| Format::from_name(name))
        .unwrap_or_else(Format::default_for_stdout);
    let mut output = Output::new(format);
    let Some((name, sub)) = matches.subcommand() else {
        return Err(Failure::usage("no command given (see --help)"));
    };
    if name == "completions" {
        return completions(app, sub);
    }
    let store = Store::locate(app.name, app.env_prefix);
    let context = context(app, matches, store.as_ref())?;
    if let Some(login) = &app.login
        && let Some(outcome) =
            login::run(app, login, &context, store.as_ref(), name, sub, &mut output).await
    {
        return outcome;
    }
    if let Some(alias) = app.aliases.iter().find(|alias| alias.name == name) {
        return (app.run)(&context, alias.group, alias.command, sub, &mut output).await;
    }
    let Some((command, leaf)) = sub.subcommand() else {
        return Err(Failure::usage(format!(
            "`{name}` needs a command (see --help)"
        )));
    };
    (app.run)(&context, name, command, leaf, &mut output).await
}

/// The base URL and credentials: flags first, then environment variables, then the tokens
/// `login` stored.
fn context(app: &App, matches: &ArgMatches, store: Option<&Store>) -> Result<Context, Failure> {
    let env = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    let base_url = matches
        .get_one::<String>("base-url")
        .cloned()
        .or_else(|| env(&format!("{}_API_URL", app.env_prefix)));
    if let Some(url) = &base_url
        && !url.starts_with("https://")
        && !is_local_http(url)
    {
        return Err(Failure::usage(format!(
            "the base URL must be https:// (plain http:// only to this machine): {url}"
        )));
    }
    let stored = match store {
        Some(store) => store.load()?,
        None => Default::default(),
    };
    let mut credentials = Vec::new();
    for scheme in app.schemes {
        let given = matches
            .get_one::<String>(scheme.flag)
            .cloned()
            .or_else(|| env(scheme.env))
            .or_else(|| stored.tokens.get(scheme.name).cloned());
        let Some(given) = given else { continue };
        let credential = if scheme.basic {
            let Some((username, password)) = given.split_once(':') else {
                return Err(Failure::usage(format!(
                    "--{} (or {}) takes username:password",
                    scheme.flag, scheme.env
                )));
            };
            Credential::Basic {
                username: username.to_owned(),
                password: password.to_owned(),
            }
        } else {
            Credential::Token(given)
        };
        credentials.push((scheme.name, credential));
    }
    Ok(Context {
        base_url,
        credentials,
    })
}

/// `completions SHELL`: the script on standard output.
fn completions(app: &App, matches: &ArgMatches) -> Result<(), Failure> {
    let Some(shell) = matches.get_one::<clap_complete::Shell>("shell").copied() else {
        return Err(Failure::usage("completions needs a shell"));
    };
    let mut command = command(app);
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, app.name, &mut script);
    let mut output = Output::new(Format::Json);
    output.text(&String::from_utf8_lossy(&script))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_may_be_plain_http() {
        for url in [
            "http://127.0.0.1:8080",
            "http://localhost/v1",
            "http://[::1]:3000/",
        ] {
            assert!(is_local_http(url), "{url}");
        }
        for url in [
            "http://api.particle.io",
            "https://127.0.0.1",
            "http://127.0.0.1.example.com",
        ] {
            assert!(!is_local_http(url), "{url}");
        }
    }

    #[test]
    fn credentials_never_show_in_debug() {
        let context = Context::default()
            .with_credential("access_token", Credential::Token("s3cret".to_owned()))
            .with_credential(
                "basic",
                Credential::Basic {
                    username: "me".to_owned(),
                    password: "pw-s3cret".to_owned(),
                },
            );
        let shown = format!("{context:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
    }
}
