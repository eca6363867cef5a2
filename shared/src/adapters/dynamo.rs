//! The store port on DynamoDB (one table, one global secondary index).

use crate::ports::store::{PK, SK, VERSION, index_attributes};
use crate::ports::{Condition, Item, Key, Page, Query, Store, StoreError, Write};
use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::{
    AttributeValue, ConditionCheck, Delete, KeysAndAttributes, Put, TransactWriteItem, Update,
};
use std::collections::HashMap;

type Attributes = HashMap<String, AttributeValue>;

pub struct DynamoStore {
    client: Client,
    table: String,
}

impl DynamoStore {
    pub fn new(client: Client, table: impl Into<String>) -> DynamoStore {
        DynamoStore {
            client,
            table: table.into(),
        }
    }
}

fn to_attributes(item: Item) -> Result<Attributes, StoreError> {
    serde_dynamo::to_item(serde_json::Value::Object(item))
        .map_err(|e| StoreError::Invalid(format!("item not storable: {e}")))
}

fn from_attributes(attributes: Attributes) -> Result<Item, StoreError> {
    match serde_dynamo::from_item::<_, serde_json::Value>(attributes) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        Ok(_) => Err(StoreError::Invalid("item is not a map".into())),
        Err(e) => Err(StoreError::Invalid(format!("item not readable: {e}"))),
    }
}

fn key_attributes(key: &Key) -> Attributes {
    HashMap::from([
        (PK.to_string(), AttributeValue::S(key.pk.clone())),
        (SK.to_string(), AttributeValue::S(key.sk.clone())),
    ])
}

/// A condition as an expression with its names and values.
struct Expression {
    text: String,
    names: HashMap<String, String>,
    values: Attributes,
}

fn condition_expression(condition: &Condition) -> Expression {
    let mut names = HashMap::from([("#pk".to_string(), PK.to_string())]);
    let mut values = HashMap::new();
    let text = match condition {
        Condition::Exists => "attribute_exists(#pk)".to_string(),
        Condition::NotExists => "attribute_not_exists(#pk)".to_string(),
        Condition::VersionIs(v) => {
            names.insert("#version".into(), VERSION.into());
            values.insert(":version".into(), AttributeValue::N(v.to_string()));
            "attribute_exists(#pk) AND #version = :version".to_string()
        }
        Condition::Lacks(attr) => {
            names.insert("#lacks".into(), attr.to_string());
            "attribute_exists(#pk) AND attribute_not_exists(#lacks)".to_string()
        }
        Condition::AtLeast(attr, n) => {
            names.insert("#least".into(), attr.to_string());
            values.insert(":least".into(), AttributeValue::N(n.to_string()));
            "attribute_exists(#pk) AND #least >= :least".to_string()
        }
        Condition::Equals(attr, value) => {
            names.insert("#equals".into(), attr.to_string());
            values.insert(":equals".into(), AttributeValue::S(value.clone()));
            "attribute_exists(#pk) AND #equals = :equals".to_string()
        }
        Condition::Free { lacks, lease, now } => {
            names.insert("#lacks".into(), lacks.to_string());
            names.insert("#lease".into(), lease.to_string());
            values.insert(":now".into(), AttributeValue::N(now.to_string()));
            "attribute_exists(#pk) AND attribute_not_exists(#lacks) AND (attribute_not_exists(#lease) OR #lease < :now)".to_string()
        }
    };
    Expression {
        text,
        names,
        values,
    }
}

/// `SET #s0 = :s0, …` for the attributes of an update, with its condition.
struct UpdateExpression {
    update: String,
    condition: Option<String>,
    names: HashMap<String, String>,
    values: Attributes,
}

/// `ADD #a0 :a0, …` for counters, with its condition.
fn add_expression(add: Vec<(String, i64)>, condition: Option<&Condition>) -> UpdateExpression {
    let (condition, mut names, mut values) = match condition.map(condition_expression) {
        Some(e) => (Some(e.text), e.names, e.values),
        None => (None, HashMap::new(), HashMap::new()),
    };
    let mut parts = Vec::new();
    for (i, (name, by)) in add.into_iter().enumerate() {
        names.insert(format!("#a{i}"), name);
        values.insert(format!(":a{i}"), AttributeValue::N(by.to_string()));
        parts.push(format!("#a{i} :a{i}"));
    }
    UpdateExpression {
        update: format!("ADD {}", parts.join(", ")),
        condition,
        names,
        values,
    }
}

/// What a request carries beside its item or key: the condition, and the
/// names and values of its expressions.
struct Sent {
    condition: Option<String>,
    names: Option<HashMap<String, String>>,
    values: Option<Attributes>,
}

impl Sent {
    fn condition(condition: Option<&Condition>) -> Sent {
        let expression = condition.map(condition_expression);
        Sent {
            condition: expression.as_ref().map(|e| e.text.clone()),
            names: expression.as_ref().map(|e| e.names.clone()),
            values: expression.and_then(|e| some_if_any(e.values)),
        }
    }
}

/// A write as DynamoDB's requests take it, alone or in a transaction.
enum Request {
    Put {
        item: Attributes,
        sent: Sent,
    },
    Update {
        key: Attributes,
        update: String,
        sent: Sent,
    },
    Delete {
        key: Attributes,
        sent: Sent,
    },
    Check {
        key: Attributes,
        sent: Sent,
    },
}

fn request(write: Write) -> Result<Request, StoreError> {
    let update = |key: &Key, expression: UpdateExpression| Request::Update {
        key: key_attributes(key),
        update: expression.update,
        sent: Sent {
            condition: expression.condition,
            names: Some(expression.names),
            values: some_if_any(expression.values),
        },
    };
    Ok(match write {
        Write::Put { item, condition } => Request::Put {
            item: to_attributes(item)?,
            sent: Sent::condition(condition.as_ref()),
        },
        Write::Update {
            key,
            set,
            condition,
        } => update(&key, update_expression(set, condition.as_ref())?),
        Write::Add {
            key,
            add,
            condition,
        } => update(&key, add_expression(add, condition.as_ref())),
        Write::Delete { key, condition } => Request::Delete {
            key: key_attributes(&key),
            sent: Sent::condition(condition.as_ref()),
        },
        Write::Check { key, condition } => Request::Check {
            key: key_attributes(&key),
            sent: Sent::condition(Some(&condition)),
        },
    })
}

/// Sets a request's table and what it sends; a macro, as every request of
/// the SDK has a builder of its own type.
macro_rules! table_and_sent {
    ($builder:expr, $table:expr, $sent:expr) => {{
        let sent: Sent = $sent;
        $builder
            .table_name($table)
            .set_condition_expression(sent.condition)
            .set_expression_attribute_names(sent.names)
            .set_expression_attribute_values(sent.values)
    }};
}

fn update_expression(
    set: Item,
    condition: Option<&Condition>,
) -> Result<UpdateExpression, StoreError> {
    let (condition, mut names, mut values) = match condition.map(condition_expression) {
        Some(e) => (Some(e.text), e.names, e.values),
        None => (None, HashMap::new(), HashMap::new()),
    };
    let mut parts = Vec::new();
    for (i, (name, value)) in to_attributes(set)?.into_iter().enumerate() {
        names.insert(format!("#s{i}"), name);
        values.insert(format!(":s{i}"), value);
        parts.push(format!("#s{i} = :s{i}"));
    }
    Ok(UpdateExpression {
        update: format!("SET {}", parts.join(", ")),
        condition,
        names,
        values,
    })
}

fn sdk_error<E: ProvideErrorMetadata + std::fmt::Debug, R: std::fmt::Debug>(
    error: SdkError<E, R>,
) -> StoreError {
    let code = error.code().unwrap_or("").to_string();
    match code.as_str() {
        "ValidationException" | "ResourceNotFoundException" | "SerializationException" => {
            StoreError::Invalid(format!("{code}: {}", error.message().unwrap_or("")))
        }
        "" => StoreError::Unavailable(format!("{error:?}").chars().take(300).collect()),
        _ => StoreError::Unavailable(code),
    }
}

/// A failed single write: its condition, or the service.
fn single_error<E: ProvideErrorMetadata + std::fmt::Debug, R: std::fmt::Debug>(
    error: SdkError<E, R>,
) -> StoreError {
    if error.code() == Some("ConditionalCheckFailedException") {
        StoreError::ConditionFailed { index: 0 }
    } else {
        sdk_error(error)
    }
}

fn some_if_any<T>(map: HashMap<String, T>) -> Option<HashMap<String, T>> {
    (!map.is_empty()).then_some(map)
}

#[async_trait]
impl Store for DynamoStore {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key_attributes(key)))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        out.item.map(from_attributes).transpose()
    }

    async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
        let mut found: HashMap<Key, Item> = HashMap::new();
        let mut unique: Vec<Key> = keys.to_vec();
        unique.sort();
        unique.dedup();
        for chunk in unique.chunks(100) {
            let mut request = KeysAndAttributes::builder()
                .set_keys(Some(chunk.iter().map(key_attributes).collect()))
                .consistent_read(true)
                .build()
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            for attempt in 0..8 {
                let out = self
                    .client
                    .batch_get_item()
                    .request_items(&self.table, request.clone())
                    .send()
                    .await
                    .map_err(sdk_error)?;
                for attributes in out
                    .responses
                    .and_then(|mut r| r.remove(&self.table))
                    .unwrap_or_default()
                {
                    let item = from_attributes(attributes)?;
                    if let Some(key) = Key::of(&item) {
                        found.insert(key, item);
                    }
                }
                match out.unprocessed_keys.and_then(|mut u| u.remove(&self.table)) {
                    Some(rest) if !rest.keys.is_empty() => {
                        request = rest;
                        tokio::time::sleep(std::time::Duration::from_millis(10 << attempt)).await;
                    }
                    _ => break,
                }
            }
        }
        Ok(keys.iter().map(|k| found.get(k).cloned()).collect())
    }

    async fn query(&self, query: Query) -> Result<Page, StoreError> {
        let (pk_attr, sk_attr) = index_attributes(query.index)
            .ok_or_else(|| StoreError::Invalid(format!("no index {:?}", query.index)))?;
        let mut names = HashMap::from([("#pk".to_string(), pk_attr.to_string())]);
        let mut values = HashMap::from([(":pk".to_string(), AttributeValue::S(query.pk.clone()))]);
        let mut condition = "#pk = :pk".to_string();
        if let Some(prefix) = &query.sk_prefix {
            names.insert("#sk".into(), sk_attr.into());
            values.insert(":prefix".into(), AttributeValue::S(prefix.clone()));
            condition.push_str(" AND begins_with(#sk, :prefix)");
        }
        let start = query.start.map(to_attributes).transpose()?;
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .set_index_name(query.index.map(str::to_string))
            .key_condition_expression(condition)
            .set_expression_attribute_names(Some(names))
            .set_expression_attribute_values(Some(values))
            .set_exclusive_start_key(start)
            .set_limit(query.limit.map(|l| l as i32))
            .scan_index_forward(query.forward)
            .consistent_read(query.index.is_none())
            .send()
            .await
            .map_err(sdk_error)?;
        let items = out
            .items
            .unwrap_or_default()
            .into_iter()
            .map(from_attributes)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page {
            items,
            next: out.last_evaluated_key.map(from_attributes).transpose()?,
            scanned: out.scanned_count.max(0) as u64,
        })
    }

    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        if writes.is_empty() || writes.len() > 100 {
            return Err(StoreError::Invalid(
                "a transaction holds 1 to 100 writes".into(),
            ));
        }
        if writes.len() == 1 && !matches!(writes[0], Write::Check { .. }) {
            return self
                .single(writes.into_iter().next().expect("one write"))
                .await;
        }
        let items = writes
            .into_iter()
            .map(|w| self.transact_item(w))
            .collect::<Result<Vec<_>, _>>()?;
        match self
            .client
            .transact_write_items()
            .set_transact_items(Some(items))
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(error) => {
                if let Some(service) = error.as_service_error()
                    && let aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError::TransactionCanceledException(cancel) = service
                {
                    let reasons = cancel.cancellation_reasons();
                    if let Some(index) = reasons
                        .iter()
                        .position(|r| r.code() == Some("ConditionalCheckFailed"))
                    {
                        return Err(StoreError::ConditionFailed { index });
                    }
                    let codes: Vec<&str> = reasons.iter().filter_map(|r| r.code()).collect();
                    return Err(StoreError::Unavailable(format!("transaction cancelled: {codes:?}")));
                }
                Err(sdk_error(error))
            }
        }
    }
}

impl DynamoStore {
    async fn single(&self, write: Write) -> Result<(), StoreError> {
        let table = &self.table;
        let client = &self.client;
        match request(write)? {
            Request::Put { item, sent } => {
                table_and_sent!(client.put_item().set_item(Some(item)), table, sent)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(single_error)
            }
            Request::Update { key, update, sent } => table_and_sent!(
                client
                    .update_item()
                    .set_key(Some(key))
                    .update_expression(update),
                table,
                sent
            )
            .send()
            .await
            .map(|_| ())
            .map_err(single_error),
            Request::Delete { key, sent } => {
                table_and_sent!(client.delete_item().set_key(Some(key)), table, sent)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(single_error)
            }
            Request::Check { .. } => Err(StoreError::Invalid("a lone check writes nothing".into())),
        }
    }

    fn transact_item(&self, write: Write) -> Result<TransactWriteItem, StoreError> {
        let build = |e: aws_sdk_dynamodb::error::BuildError| StoreError::Invalid(e.to_string());
        let table = &self.table;
        let item = TransactWriteItem::builder();
        Ok(match request(write)? {
            Request::Put { item: put, sent } => item.put(
                table_and_sent!(Put::builder().set_item(Some(put)), table, sent)
                    .build()
                    .map_err(build)?,
            ),
            Request::Update { key, update, sent } => item.update(
                table_and_sent!(
                    Update::builder()
                        .set_key(Some(key))
                        .update_expression(update),
                    table,
                    sent
                )
                .build()
                .map_err(build)?,
            ),
            Request::Delete { key, sent } => item.delete(
                table_and_sent!(Delete::builder().set_key(Some(key)), table, sent)
                    .build()
                    .map_err(build)?,
            ),
            Request::Check { key, sent } => item.condition_check(
                table_and_sent!(ConditionCheck::builder().set_key(Some(key)), table, sent)
                    .build()
                    .map_err(build)?,
            ),
        }
        .build())
    }
}
