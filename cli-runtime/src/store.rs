//! The tool's own configuration file: the tokens `login` stored, readable by the user alone.
//!
//! It lives in `$XDG_CONFIG_HOME/<tool>/config.json` (`~/.config/<tool>/` without it;
//! `%APPDATA%\<tool>\` on Windows), or in the folder `<PREFIX>_CONFIG_DIR` names. It is written
//! whole to a temporary file with owner-only permissions, then renamed over the old one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::failure::Failure;

/// What the file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stored {
    /// The account `login` logged in as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Tokens by security scheme name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tokens: BTreeMap<String, String>,
}

/// The configuration file of one tool.
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
}

impl Store {
    /// The file of the tool `name`, whose environment variables start with `prefix`; `None`
    /// when no configuration folder can be found (no `HOME`).
    pub fn locate(name: &str, prefix: &str) -> Option<Self> {
        let dir = std::env::var_os(format!("{prefix}_CONFIG_DIR"))
            .filter(|dir| !dir.is_empty())
            .map(PathBuf::from)
            .or_else(|| config_home().map(|home| home.join(name)))?;
        Some(Self {
            path: dir.join("config.json"),
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the file holds; nothing when there is no file.
    pub fn load(&self) -> Result<Stored, Failure> {
        match std::fs::read_to_string(&self.path) {
            Ok(text) => serde_json::from_str(&text).map_err(|error| {
                Failure::local(format!("{} is not valid: {error}", self.path.display()))
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Stored::default()),
            Err(error) => Err(Failure::local(format!(
                "cannot read {}: {error}",
                self.path.display()
            ))),
        }
    }

    /// Replace the file with `stored`, readable and writable by its owner alone.
    pub fn save(&self, stored: &Stored) -> Result<(), Failure> {
        let failed = |error: std::io::Error| {
            Failure::local(format!("cannot write {}: {error}", self.path.display()))
        };
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(failed)?;
        let text = serde_json::to_string_pretty(stored)
            .map_err(|error| Failure::local(error.to_string()))?;
        let temporary = dir.join(format!(".config.json.{}", std::process::id()));
        write_private(&temporary, text.as_bytes()).map_err(failed)?;
        std::fs::rename(&temporary, &self.path).map_err(|error| {
            let _ = std::fs::remove_file(&temporary);
            failed(error)
        })
    }
}

/// The user's configuration folder.
fn config_home() -> Option<PathBuf> {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|value| !value.is_empty())
            .map(PathBuf::from)
    };
    if cfg!(windows) {
        return var("APPDATA");
    }
    var("XDG_CONFIG_HOME").or_else(|| var("HOME").map(|home| home.join(".config")))
}

/// Create `path` (replacing it) with owner-only permissions and write `bytes`.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    // A file that existed keeps its mode through `open`: set it again.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_tokens_load_back_and_only_the_owner_reads_them()
    -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let store = Store {
            path: dir.path().join("tool").join("config.json"),
        };
        assert_eq!(store.load()?, Stored::default());
        let mut stored = Stored {
            username: Some("someone@example.com".to_owned()),
            ..Stored::default()
        };
        stored
            .tokens
            .insert("access_token".to_owned(), "tok".to_owned());
        store.save(&stored)?;
        assert_eq!(store.load()?, stored);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(store.path())?.permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        Ok(())
    }

    #[test]
    fn a_broken_file_is_a_located_error() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let store = Store {
            path: dir.path().join("config.json"),
        };
        std::fs::write(store.path(), "{")?;
        let error = store
            .load()
            .err()
            .map(|f| f.to_string())
            .unwrap_or_default();
        assert!(error.contains("config.json is not valid"), "{error}");
        Ok(())
    }
}
