//! The local half of envelope encryption, shared by the KMS adapter and its
//! in-memory twin: AES-256-GCM (aws-lc-rs, the crypto rustls already
//! links) with a random 96-bit nonce per value, the encryption context as
//! associated data, so a value moved under another context fails to open
//! even before the key service is asked.

use crate::ports::CipherError;
use aws_lc_rs::aead::{AES_256_GCM, Aad, Nonce, RandomizedNonceKey};

/// The data key's length: AES-256.
pub const DATA_KEY_LEN: usize = 32;

/// The context as bytes, the same whatever the order of its pairs: each
/// pair sorted by name, every part length-prefixed (no two contexts
/// serialise alike).
pub fn context_bytes(context: &[(&str, &str)]) -> Vec<u8> {
    let mut pairs = context.to_vec();
    pairs.sort_unstable();
    let mut out = Vec::new();
    for (name, value) in pairs {
        for part in [name, value] {
            out.extend_from_slice(&(part.len() as u32).to_be_bytes());
            out.extend_from_slice(part.as_bytes());
        }
    }
    out
}

fn key(data_key: &[u8]) -> Result<RandomizedNonceKey, CipherError> {
    RandomizedNonceKey::new(&AES_256_GCM, data_key)
        .map_err(|_| CipherError::Refused("the data key is not an AES-256 key".into()))
}

/// (nonce, ciphertext with its tag) of `plaintext` under `data_key`.
pub fn seal(
    data_key: &[u8],
    plaintext: &[u8],
    context: &[(&str, &str)],
) -> Result<(Vec<u8>, Vec<u8>), CipherError> {
    let mut in_out = plaintext.to_vec();
    let nonce = key(data_key)?
        .seal_in_place_append_tag(Aad::from(context_bytes(context)), &mut in_out)
        .map_err(|_| CipherError::Unavailable("AES-GCM sealing failed".into()))?;
    Ok((nonce.as_ref().to_vec(), in_out))
}

/// The plaintext of `ciphertext`, if it was sealed under `data_key` and
/// `nonce` with this context.
pub fn open(
    data_key: &[u8],
    nonce: &[u8],
    ciphertext: &[u8],
    context: &[(&str, &str)],
) -> Result<Vec<u8>, CipherError> {
    let nonce = Nonce::try_assume_unique_for_key(nonce)
        .map_err(|_| CipherError::Refused("malformed nonce".into()))?;
    let mut in_out = ciphertext.to_vec();
    let plain = key(data_key)?
        .open_in_place(nonce, Aad::from(context_bytes(context)), &mut in_out)
        .map_err(|_| CipherError::Refused("the value does not open with this context".into()))?;
    Ok(plain.to_vec())
}

/// A fresh random data key (the in-memory twin's; KMS makes its own).
pub fn random_data_key() -> Result<[u8; DATA_KEY_LEN], CipherError> {
    let mut key = [0u8; DATA_KEY_LEN];
    aws_lc_rs::rand::fill(&mut key)
        .map_err(|_| CipherError::Unavailable("no randomness".into()))?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts_serialise_apart_and_in_any_order() {
        assert_eq!(
            context_bytes(&[("org", "a"), ("account", "b")]),
            context_bytes(&[("account", "b"), ("org", "a")])
        );
        assert_ne!(
            context_bytes(&[("org", "ab"), ("account", "")]),
            context_bytes(&[("org", "a"), ("account", "b")])
        );
    }

    #[test]
    fn a_value_opens_only_with_its_key_and_context() {
        let data_key = random_data_key().unwrap();
        let context = [("org", "o1"), ("account", "a1")];
        let (nonce, ciphertext) = seal(&data_key, b"DE89370400440532013000", &context).unwrap();
        assert_eq!(nonce.len(), 12);
        assert!(!ciphertext.windows(4).any(|w| w == b"0532"));
        assert_eq!(
            open(&data_key, &nonce, &ciphertext, &context).unwrap(),
            b"DE89370400440532013000"
        );
        let other = [("org", "o1"), ("account", "a2")];
        assert!(matches!(
            open(&data_key, &nonce, &ciphertext, &other),
            Err(CipherError::Refused(_))
        ));
        let mut altered = ciphertext.clone();
        altered[0] ^= 1;
        assert!(open(&data_key, &nonce, &altered, &context).is_err());
        let wrong = random_data_key().unwrap();
        assert!(open(&wrong, &nonce, &ciphertext, &context).is_err());
    }
}
