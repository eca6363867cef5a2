use async_trait::async_trait;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

/// A value sealed by envelope encryption: a fresh data key encrypted by the
/// key service (`key`, which only the key service opens), and the value
/// encrypted locally with that data key (AES-256-GCM: `nonce`, then
/// `ciphertext` with its tag). Stored as three base64 strings.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
    /// The data key, encrypted under the master key with the context.
    #[serde(with = "b64")]
    pub key: Vec<u8>,
    #[serde(with = "b64")]
    pub nonce: Vec<u8>,
    /// The value, encrypted and authenticated (the context as associated
    /// data), the tag at the end.
    #[serde(with = "b64")]
    pub ciphertext: Vec<u8>,
}

impl std::fmt::Debug for Sealed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Sealed({} bytes)", self.ciphertext.len())
    }
}

mod b64 {
    use super::*;

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        STANDARD.decode(text).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum CipherError {
    /// The key service is unreachable, throttled or refuses this function:
    /// try again later.
    #[error("key service unavailable: {0}")]
    Unavailable(String),
    /// The value does not open with this context: it was sealed for
    /// another item (copied onto another person's), altered, or under
    /// another key. Never retried, never answered as data.
    #[error("sealed value refused: {0}")]
    Refused(String),
}

/// Encrypts values at rest, each bound to an encryption context (pairs
/// such as the organisation and the account it belongs to): a value opens
/// only with the very context it was sealed with. KMS envelope
/// encryption in production ([`crate::adapters::kms`]).
#[async_trait]
pub trait Cipher: Send + Sync {
    /// Seals `plaintext` under a fresh data key, bound to `context`.
    async fn seal(&self, plaintext: &[u8], context: &[(&str, &str)])
    -> Result<Sealed, CipherError>;
    /// The plaintext of `sealed`, if `context` is the one it was sealed with.
    async fn open(&self, sealed: &Sealed, context: &[(&str, &str)])
    -> Result<Vec<u8>, CipherError>;
}
