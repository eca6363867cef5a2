//! The cipher port on KMS, by envelope encryption: each seal asks KMS for
//! a fresh AES-256 data key (`GenerateDataKey`, with the encryption
//! context), encrypts the value locally with it (AES-256-GCM,
//! [`super::envelope`]) and keeps only the data key KMS encrypted, beside
//! the nonce and the ciphertext. Opening asks KMS to decrypt that data key
//! (`Decrypt`, the same key and context: KMS refuses any other context),
//! then opens the value locally. The plaintext data key lives only for the
//! call. Who may seal or open is the key's IAM: only the functions that
//! declare the cipher (their SPEC's `uses.cipher`).

use super::envelope;
use crate::ports::{Cipher, CipherError, Sealed};
use async_trait::async_trait;
use aws_sdk_kms::Client;
use aws_sdk_kms::error::ProvideErrorMetadata;
use aws_sdk_kms::primitives::Blob;
use aws_sdk_kms::types::DataKeySpec;
use std::collections::HashMap;

pub struct KmsCipher {
    client: Client,
    /// The key's id or ARN.
    key_id: String,
}

impl KmsCipher {
    pub fn new(client: Client, key_id: impl Into<String>) -> KmsCipher {
        KmsCipher {
            client,
            key_id: key_id.into(),
        }
    }
}

fn context_map(context: &[(&str, &str)]) -> HashMap<String, String> {
    context
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// KMS's refusals of a ciphertext or its context are the value's fault;
/// anything else (throttling, access, a disabled key, no answer) the
/// service's.
fn error<E: ProvideErrorMetadata>(call: &str, error: &E) -> CipherError {
    match error.code() {
        Some(code @ ("InvalidCiphertextException" | "IncorrectKeyException")) => {
            CipherError::Refused(format!("{call}: {code}"))
        }
        Some(code) => CipherError::Unavailable(format!("{call}: {code}")),
        None => CipherError::Unavailable(format!("{call}: no answer from KMS")),
    }
}

#[async_trait]
impl Cipher for KmsCipher {
    async fn seal(
        &self,
        plaintext: &[u8],
        context: &[(&str, &str)],
    ) -> Result<Sealed, CipherError> {
        let out = self
            .client
            .generate_data_key()
            .key_id(&self.key_id)
            .key_spec(DataKeySpec::Aes256)
            .set_encryption_context(Some(context_map(context)))
            .send()
            .await
            .map_err(|e| error("GenerateDataKey", &e))?;
        let (Some(data_key), Some(encrypted)) = (out.plaintext, out.ciphertext_blob) else {
            return Err(CipherError::Unavailable(
                "GenerateDataKey answered no key".into(),
            ));
        };
        let (nonce, ciphertext) = envelope::seal(data_key.as_ref(), plaintext, context)?;
        Ok(Sealed {
            key: encrypted.into_inner(),
            nonce,
            ciphertext,
        })
    }

    async fn open(
        &self,
        sealed: &Sealed,
        context: &[(&str, &str)],
    ) -> Result<Vec<u8>, CipherError> {
        let out = self
            .client
            .decrypt()
            .key_id(&self.key_id)
            .ciphertext_blob(Blob::new(sealed.key.clone()))
            .set_encryption_context(Some(context_map(context)))
            .send()
            .await
            .map_err(|e| error("Decrypt", &e))?;
        let data_key = out
            .plaintext
            .ok_or_else(|| CipherError::Unavailable("Decrypt answered no key".into()))?;
        envelope::open(
            data_key.as_ref(),
            &sealed.nonce,
            &sealed.ciphertext,
            context,
        )
    }
}
