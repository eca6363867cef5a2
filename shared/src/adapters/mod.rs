//! Implementations of the ports: AWS (DynamoDB, SES v2, SNS, Cognito, S3, KMS, JWKS) and
//! in-memory twins for fast tests. One contract suite runs against both.

pub mod aws;
pub mod calls;
pub mod cognito;
pub mod dynamo;
pub mod envelope;
pub mod jwks;
pub mod kms;
pub mod memory;
pub mod not_wired;
pub mod s3;
pub mod ses;
pub mod sns;
pub mod system;
