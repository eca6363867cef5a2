//! The file-storage port on an S3 bucket: presigned PUT (content type and
//! length bound into the signature) and GET URLs, and `HeadObject`.

use crate::ports::{FileError, FileStorage, Presign, PresignedUrl, StoredFile};
use async_trait::async_trait;
use aws_sdk_s3::error::ProvideErrorMetadata;
use aws_sdk_s3::presigning::{PresignedRequest, PresigningConfig};
use std::time::Duration;

pub struct S3Files {
    client: aws_sdk_s3::Client,
    bucket: String,
}

impl S3Files {
    pub fn new(client: aws_sdk_s3::Client, bucket: impl Into<String>) -> S3Files {
        S3Files {
            client,
            bucket: bucket.into(),
        }
    }
}

fn config(valid_for: Duration) -> Result<PresigningConfig, FileError> {
    PresigningConfig::expires_in(valid_for).map_err(|e| FileError::Unavailable(e.to_string()))
}

fn presign_error<E: ProvideErrorMetadata>(error: E) -> FileError {
    FileError::Unavailable(error.code().unwrap_or("presign").to_string())
}

fn url(request: PresignedRequest, valid_for: Duration) -> PresignedUrl {
    PresignedUrl {
        method: request.method().to_string(),
        url: request.uri().to_string(),
        headers: request
            .headers()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
            .collect(),
        expires_in_seconds: valid_for.as_secs(),
    }
}

#[async_trait]
impl FileStorage for S3Files {
    async fn presign(
        &self,
        request: Presign<'_>,
        valid_for: Duration,
    ) -> Result<PresignedUrl, FileError> {
        let presigned = match request {
            Presign::Upload {
                key,
                content_type,
                size_bytes,
            } => self
                .client
                .put_object()
                .bucket(&self.bucket)
                .key(key)
                .content_type(content_type)
                .content_length(size_bytes)
                .presigned(config(valid_for)?)
                .await
                .map_err(presign_error)?,
            Presign::Download { key, file_name } => {
                let safe: String = file_name
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                self.client
                    .get_object()
                    .bucket(&self.bucket)
                    .key(key)
                    .response_content_disposition(format!("attachment; filename=\"{safe}\""))
                    .presigned(config(valid_for)?)
                    .await
                    .map_err(presign_error)?
            }
        };
        Ok(url(presigned, valid_for))
    }

    async fn stat(&self, key: &str) -> Result<Option<StoredFile>, FileError> {
        match self
            .client
            .head_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
        {
            Ok(out) => Ok(Some(StoredFile {
                size_bytes: out.content_length().unwrap_or_default(),
                content_type: out.content_type().map(str::to_string),
            })),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => Ok(None),
            Err(e) => Err(FileError::Unavailable(
                e.code().unwrap_or("HeadObject").to_string(),
            )),
        }
    }
}
