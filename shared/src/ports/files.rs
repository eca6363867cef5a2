use async_trait::async_trait;
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Duration;
use thiserror::Error;
use utoipa::ToSchema;

/// A time-limited URL the browser uses directly (S3 presigned in
/// production): the method, the URL, and the headers it must send as signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct PresignedUrl {
    pub method: String,
    pub url: String,
    /// Headers the request must carry exactly (bound into the signature).
    pub headers: BTreeMap<String, String>,
    pub expires_in_seconds: u64,
}

/// What the storage holds under a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub size_bytes: i64,
    pub content_type: Option<String>,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum FileError {
    /// Try again later.
    #[error("file storage unavailable: {0}")]
    Unavailable(String),
}

/// What a presigned URL lets the browser do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presign<'a> {
    /// PUT exactly this content type and size under the key.
    Upload {
        key: &'a str,
        content_type: &'a str,
        size_bytes: i64,
    },
    /// GET the file, downloaded under `file_name`.
    Download { key: &'a str, file_name: &'a str },
}

/// File storage (an S3 bucket in production): the product never streams
/// files itself; it hands out presigned upload and download URLs.
#[async_trait]
pub trait FileStorage: Send + Sync {
    /// A URL for the request, valid this long.
    async fn presign(
        &self,
        request: Presign<'_>,
        valid_for: Duration,
    ) -> Result<PresignedUrl, FileError>;
    /// A PUT URL accepting exactly this content type and size.
    async fn upload_url(
        &self,
        key: &str,
        content_type: &str,
        size_bytes: i64,
        valid_for: Duration,
    ) -> Result<PresignedUrl, FileError> {
        let upload = Presign::Upload {
            key,
            content_type,
            size_bytes,
        };
        self.presign(upload, valid_for).await
    }
    /// A GET URL for the file, downloaded under `file_name`.
    async fn download_url(
        &self,
        key: &str,
        file_name: &str,
        valid_for: Duration,
    ) -> Result<PresignedUrl, FileError> {
        self.presign(Presign::Download { key, file_name }, valid_for)
            .await
    }
    /// The stored file, if the upload happened.
    async fn stat(&self, key: &str) -> Result<Option<StoredFile>, FileError>;
}
