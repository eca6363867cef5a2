//! `Idempotency-Key` on every creating POST (AWS Powertools' design): the
//! first request claims the key with a conditional put, runs, then stores
//! its answer on the claim; a retry with the same key and body gets that
//! answer and creates nothing; the same key with another body is a 422; a
//! retry while the first still runs is a retryable 409. A failed first
//! request releases its claim, so the corrected request may reuse the key.
//! Keys live 24 hours (a DynamoDB time to live removes them after).

use crate::domain::ids::token_hash;
use crate::layout::keys;
use crate::layout::records::{IdempotentResult, from_item, replace, to_item};
use crate::operations::{Context, OpError, OperationSpec, Outcome, Output, Request};
use crate::ports::{Condition, StoreError, Write};
use jiff::SignedDuration;

/// How long a key is remembered.
pub const KEY_LIFETIME: SignedDuration = SignedDuration::from_hours(24);

/// Runs `spec` for `request` at most once per key and caller.
pub async fn run_once(
    ctx: &Context,
    spec: &OperationSpec,
    request: Request,
    planned: crate::operations::phases::Planned,
    key: String,
) -> Outcome {
    let scope = format!(
        "{}#{}",
        spec.id,
        request.account_id.as_deref().unwrap_or("public")
    );
    let body_hash = token_hash(&String::from_utf8_lossy(&request.body));
    let now = ctx.clock.now();
    let expires_at = now.checked_add(KEY_LIFETIME).unwrap_or(now);
    let mut claim = IdempotentResult {
        scope,
        key,
        body_hash,
        status: 0,
        response: serde_json::Value::Null,
        expires_at,
        ttl: expires_at.as_second(),
        version: 1,
    };
    let record_key = keys::idempotency(&claim.scope, &claim.key);
    let first_try = ctx
        .store
        .transact(vec![Write::Put {
            item: to_item(&claim),
            condition: Some(Condition::NotExists),
        }])
        .await;
    match first_try {
        Ok(()) => {}
        Err(StoreError::ConditionFailed { .. }) => {
            let Some(item) = ctx.store.get(&record_key).await? else {
                // Released meanwhile by a failed first request.
                return Err(OpError::RequestInProgress);
            };
            let first: IdempotentResult = from_item(item)?;
            if first.expires_at > now {
                if first.body_hash != claim.body_hash {
                    return Err(OpError::IdempotencyMismatch);
                }
                if first.status == 0 {
                    return Err(OpError::RequestInProgress);
                }
                return Ok(Output {
                    status: first.status,
                    body: first.response,
                    text: None,
                    cookies: Vec::new(),
                });
            }
            // An expired key not yet removed: take it over, once.
            claim.version = first.version + 1;
            ctx.store
                .transact(vec![replace(&claim, first.version)])
                .await
                .map_err(|e| match e {
                    StoreError::ConditionFailed { .. } => OpError::RequestInProgress,
                    other => other.into(),
                })?;
        }
        Err(other) => return Err(other.into()),
    }
    let outcome = spec.handler.call(ctx, request, planned).await;
    match &outcome {
        Ok(output) if output.text.is_none() => {
            let mut done = claim.clone();
            done.status = output.status;
            done.response = output.body.clone();
            done.version = claim.version + 1;
            if let Err(error) = ctx
                .store
                .transact(vec![replace(&done, claim.version)])
                .await
            {
                // The change is made; a retry now sees "in progress" until
                // the key expires rather than making it twice.
                tracing::warn!(operation = spec.id, %error, "could not record the idempotent answer");
            }
        }
        _ => {
            let release = Write::Delete {
                key: record_key,
                condition: Some(Condition::VersionIs(claim.version)),
            };
            if let Err(error) = ctx.store.transact(vec![release]).await {
                tracing::warn!(operation = spec.id, %error, "could not release the idempotency key");
            }
        }
    }
    outcome
}
