//! `login`, `logout` and `token create`: a token from a username and password, with the
//! multi-factor step when the server asks for it, as the API's `x-cli` declares them.

use std::io::{BufRead, IsTerminal, Write};

use clap::{Arg, ArgMatches, Command};
use serde_json::{Map, Value};

use crate::app::{App, BoxFuture, Context, Credential};
use crate::failure::{Failure, Kind};
use crate::output::Output;
use crate::store::Store;

/// Sends a token request with this body and gives the answer as JSON.
pub type Call = for<'a> fn(&'a Context, Value) -> BoxFuture<'a, Result<Value, Failure>>;

/// Revokes the token the context holds.
pub type Revoke = for<'a> fn(&'a Context) -> BoxFuture<'a, Result<(), Failure>>;

/// How the API gives a token for a username and password.
#[derive(Debug)]
pub struct Login {
    /// The security scheme the token is for.
    pub scheme: &'static str,
    /// The token request.
    pub call: Call,
    /// The body member of the username.
    pub username: &'static str,
    /// The body member of the password.
    pub password: &'static str,
    /// Body members with fixed values (`grant_type=password`).
    pub fields: &'static [(&'static str, &'static str)],
    /// The answer's member holding the token.
    pub token: &'static str,
    /// The body member of a token's lifetime in seconds (`token create --expires-in`).
    pub expires_in: Option<&'static str>,
    /// What the username prompt asks for (`Particle account email`).
    pub username_prompt: &'static str,
    /// The multi-factor step, when the API has one.
    pub mfa: Option<Mfa>,
    /// Revokes the stored token on `logout`, when the API can.
    pub revoke: Option<Revoke>,
}

/// The multi-factor step: an error answer that asks for a one-time password, and the request
/// that sends it.
#[derive(Debug)]
pub struct Mfa {
    /// The error body's member that names the error (`error`).
    pub error_member: &'static str,
    /// Its value when a one-time password is needed (`mfa_required`).
    pub error_value: &'static str,
    /// The error body's member holding the token of this login attempt (`mfa_token`).
    pub token_from: &'static str,
    /// The follow-up body's member for that token.
    pub token: &'static str,
    /// The follow-up body's member for the one-time password (`otp`).
    pub otp: &'static str,
    /// The follow-up body's members with fixed values (`grant_type=urn:custom:mfa-otp`).
    pub fields: &'static [(&'static str, &'static str)],
    /// What the one-time password prompt says.
    pub prompt: &'static str,
}

/// The commands of a login flow.
pub(crate) fn commands(login: &Login) -> Vec<Command> {
    let credentials = |command: Command| {
        let command = command
            .arg(
                Arg::new("username")
                    .long("username")
                    .short('u')
                    .value_name("USERNAME")
                    .help(format!("{} (asked for when not given)", login.username_prompt)),
            )
            .arg(
                Arg::new("password")
                    .long("password")
                    .short('p')
                    .value_name("PASSWORD")
                    .help("The password (asked for when not given; a flag shows it to other users of this machine)"),
            );
        if login.mfa.is_some() {
            command.arg(
                Arg::new("otp")
                    .long("otp")
                    .value_name("CODE")
                    .help("The one-time password, when the account uses multi-factor authentication (asked for when needed)"),
            )
        } else {
            command
        }
    };
    let mut create = credentials(
        Command::new("create")
            .about("Create a token and print it (it is not stored; `login` stores one)"),
    );
    if login.expires_in.is_some() {
        create = create.arg(
            Arg::new("expires-in")
                .long("expires-in")
                .value_name("SECONDS")
                .value_parser(clap::value_parser!(u64))
                .help("How long the token lasts, in seconds"),
        );
    }
    vec![
        credentials(
            Command::new("login")
                .about("Log in: ask for a token and store it in this tool's configuration file"),
        ),
        Command::new("logout").about(if login.revoke.is_some() {
            "Log out: revoke the stored token and forget it"
        } else {
            "Log out: forget the stored token"
        }),
        Command::new("token")
            .about("Tokens from a username and password")
            .subcommand_required(true)
            .subcommand(create),
    ]
}

/// Run `name` when it is a command of the login flow.
pub(crate) async fn run(
    app: &App,
    login: &Login,
    context: &Context,
    store: Option<&Store>,
    name: &str,
    matches: &ArgMatches,
    output: &mut Output,
) -> Option<Result<(), Failure>> {
    Some(match name {
        "login" => log_in(login, context, store, matches).await,
        "logout" => log_out(login, context, store).await,
        "token" => match matches.subcommand() {
            Some(("create", matches)) => match token(login, context, matches).await {
                Ok(answer) => output.value(&answer),
                Err(failure) => Err(failure),
            },
            _ => Err(Failure::usage(format!("see `{} token --help`", app.name))),
        },
        _ => return None,
    })
}

/// `login`: a token, stored.
async fn log_in(
    login: &Login,
    context: &Context,
    store: Option<&Store>,
    matches: &ArgMatches,
) -> Result<(), Failure> {
    let store = store.ok_or_else(|| {
        Failure::local("no configuration folder (set HOME, or the tool's _CONFIG_DIR variable)")
    })?;
    let (username, answer) = ask(login, context, matches, None).await?;
    let token = answer
        .get(login.token)
        .and_then(Value::as_str)
        .ok_or_else(|| {
            Failure::new(
                Kind::Api { status: None },
                format!("the answer has no `{}`", login.token),
            )
        })?;
    let mut stored = store.load()?;
    stored.username = Some(username.clone());
    stored
        .tokens
        .insert(login.scheme.to_owned(), token.to_owned());
    store.save(&stored)?;
    say(&format!(
        "Logged in as {username}; the token is stored in {}",
        store.path().display()
    ));
    Ok(())
}

/// `logout`: revoke the stored token when the API can, then forget it.
async fn log_out(login: &Login, context: &Context, store: Option<&Store>) -> Result<(), Failure> {
    let Some(store) = store else {
        return Ok(());
    };
    let mut stored = store.load()?;
    let Some(token) = stored.tokens.remove(login.scheme) else {
        say("Not logged in");
        return Ok(());
    };
    if let Some(revoke) = login.revoke {
        let context = context.with_credential(login.scheme, Credential::Token(token));
        if let Err(failure) = revoke(&context).await {
            say(&format!(
                "The token could not be revoked ({failure}); it is forgotten all the same"
            ));
        }
    }
    stored.username = None;
    store.save(&stored)?;
    say("Logged out");
    Ok(())
}

/// `token create`: a token, printed.
async fn token(login: &Login, context: &Context, matches: &ArgMatches) -> Result<Value, Failure> {
    let expires_in = matches.get_one::<u64>("expires-in").copied();
    ask(login, context, matches, expires_in)
        .await
        .map(|(_, answer)| answer)
}

/// Ask for a token: the username and password, then, when the server asks for it, the
/// one-time password. Gives the username and the answer.
async fn ask(
    login: &Login,
    context: &Context,
    matches: &ArgMatches,
    expires_in: Option<u64>,
) -> Result<(String, Value), Failure> {
    let username = match matches.get_one::<String>("username") {
        Some(username) => username.clone(),
        None => prompt(login.username_prompt, false)?,
    };
    let password = match matches.get_one::<String>("password") {
        Some(password) => password.clone(),
        None => prompt("Password", true)?,
    };
    let mut body = fixed(login.fields);
    body.insert(login.username.to_owned(), Value::String(username.clone()));
    body.insert(login.password.to_owned(), Value::String(password));
    if let (Some(member), Some(seconds)) = (login.expires_in, expires_in) {
        body.insert(member.to_owned(), Value::from(seconds));
    }
    let failure = match (login.call)(context, Value::Object(body)).await {
        Ok(answer) => return Ok((username, answer)),
        Err(failure) => failure,
    };
    let Some(mfa) = &login.mfa else {
        return Err(failure);
    };
    let asked = failure
        .body()
        .and_then(|body| body.get(mfa.error_member))
        .and_then(Value::as_str)
        == Some(mfa.error_value);
    let token = failure
        .body()
        .and_then(|body| body.get(mfa.token_from))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let (true, Some(token)) = (asked, token) else {
        return Err(failure);
    };
    let otp = match matches.get_one::<String>("otp") {
        Some(otp) => otp.clone(),
        None => prompt(mfa.prompt, false)?,
    };
    let mut body = fixed(mfa.fields);
    body.insert(mfa.token.to_owned(), Value::String(token));
    body.insert(mfa.otp.to_owned(), Value::String(otp));
    if let (Some(member), Some(seconds)) = (login.expires_in, expires_in) {
        body.insert(member.to_owned(), Value::from(seconds));
    }
    let answer = (login.call)(context, Value::Object(body)).await?;
    Ok((username, answer))
}

fn fixed(fields: &[(&str, &str)]) -> Map<String, Value> {
    fields
        .iter()
        .map(|(name, value)| ((*name).to_owned(), Value::String((*value).to_owned())))
        .collect()
}

/// A line from the user: asked on standard error, read from the terminal (a secret without
/// echo) or, in a pipe, from standard input.
fn prompt(question: &str, secret: bool) -> Result<String, Failure> {
    let failed = |error: std::io::Error| Failure::local(format!("cannot read {question}: {error}"));
    let answer = if secret && std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("{question}: ")).map_err(failed)?
    } else {
        if std::io::stdin().is_terminal() {
            let mut stderr = std::io::stderr();
            let _ = write!(stderr, "{question}: ");
            let _ = stderr.flush();
        }
        let mut line = String::new();
        let read = std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(failed)?;
        if read == 0 {
            return Err(Failure::usage(format!(
                "{question} is needed: give it as a flag or on standard input"
            )));
        }
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    Ok(answer)
}

/// A message for the person at the terminal, on standard error (standard output is for answers).
fn say(message: &str) {
    #[allow(clippy::print_stderr)]
    {
        eprintln!("{message}");
    }
}
