//! Sealing and opening bank details ([`SealedAccount`]): each number under
//! its own data key, bound to the organisation, the account and the field,
//! so a value moved to another person's item, or to another field, does
//! not open.

use crate::domain::employee_space::bank_details::BankAccount;
use crate::layout::employee::{BankDetails, SealedAccount};
use crate::operations::{Context, OpError};
use crate::ports::Sealed;

/// The encryption context of one field of one person's bank details.
fn context<'a>(org_id: &'a str, account_id: &'a str, field: &'a str) -> [(&'a str, &'a str); 3] {
    [("org", org_id), ("account", account_id), ("field", field)]
}

async fn seal(
    ctx: &Context,
    org_id: &str,
    account_id: &str,
    field: &str,
    value: &str,
) -> Result<Sealed, OpError> {
    Ok(ctx
        .cipher
        .seal(value.as_bytes(), &context(org_id, account_id, field))
        .await?)
}

async fn open(
    ctx: &Context,
    org_id: &str,
    account_id: &str,
    field: &str,
    sealed: &Sealed,
) -> Result<String, OpError> {
    let plain = ctx
        .cipher
        .open(sealed, &context(org_id, account_id, field))
        .await?;
    String::from_utf8(plain).map_err(|_| OpError::Internal(format!("sealed {field} is not text")))
}

/// `account` sealed for `account_id` of `org_id` (the Canadian numbers
/// concurrently: one key-service call each).
pub async fn seal_account(
    ctx: &Context,
    org_id: &str,
    account_id: &str,
    account: &BankAccount,
) -> Result<SealedAccount, OpError> {
    Ok(match account {
        BankAccount::Iban { iban } => SealedAccount::Iban {
            iban: seal(ctx, org_id, account_id, "iban", iban).await?,
        },
        BankAccount::Canadian {
            transit,
            institution,
            account,
        } => {
            let (transit, account) = tokio::try_join!(
                seal(ctx, org_id, account_id, "transit", transit),
                seal(ctx, org_id, account_id, "account", account),
            )?;
            SealedAccount::Canadian {
                transit,
                institution: institution.clone(),
                account,
            }
        }
    })
}

/// The full account of `details`, read under the key of `account_id` of
/// `org_id`: opened with those (the key's, not what the item says of
/// itself, so an item copied whole under another key does not open
/// either). An item from before the encryption: as it is.
pub async fn open_account(
    ctx: &Context,
    org_id: &str,
    account_id: &str,
    details: &BankDetails,
) -> Result<BankAccount, OpError> {
    match (&details.sealed, &details.account) {
        (Some(SealedAccount::Iban { iban }), _) => Ok(BankAccount::Iban {
            iban: open(ctx, org_id, account_id, "iban", iban).await?,
        }),
        (
            Some(SealedAccount::Canadian {
                transit,
                institution,
                account,
            }),
            _,
        ) => {
            let (transit, account) = tokio::try_join!(
                open(ctx, org_id, account_id, "transit", transit),
                open(ctx, org_id, account_id, "account", account),
            )?;
            Ok(BankAccount::Canadian {
                transit,
                institution: institution.clone(),
                account,
            })
        }
        (None, Some(plain)) => Ok(plain.clone()),
        (None, None) => Err(OpError::Internal("bank details without an account".into())),
    }
}
