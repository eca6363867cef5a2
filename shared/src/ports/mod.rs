//! Traits for the outside world. Operations see only these; adapters
//! implement them (AWS and in-memory), and one contract suite checks both.

mod cipher;
mod clock;
mod directory;
mod files;
mod mailer;
mod random;
pub mod store;
mod texter;
mod verifier;

pub use cipher::{Cipher, CipherError, Sealed};
pub use clock::{Clock, Instant};
pub use directory::{Directory, DirectoryError, SessionTokens, SignedIn};
pub use files::{FileError, FileStorage, Presign, PresignedUrl, StoredFile};
pub use mailer::{MailError, Mailer, OutgoingEmail};
pub use random::Random;
pub use store::{Condition, GSI1, Item, Key, Page, Query, Store, StoreError, Write};
pub use texter::{OutgoingText, Texter};
pub use verifier::{Principal, SessionVerifier, VerifyError};
