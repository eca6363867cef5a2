//! The phases of an operation (DESIGN §8): **parse** the request once into
//! its typed input, **plan** the keys the decision needs, **load** them in
//! the caller's own read ([`super::caller::member_of`]: one `BatchGetItem`
//! for the caller's membership, the organisation and the plan), then
//! **run** — decide and commit — on what was loaded ([`super::load`]).
//!
//! An operation says how it plans in its own file, with its [`Handler`]:
//! - [`Handler::run`]: it plans nothing (reads what it needs itself, or
//!   needs only the caller);
//! - [`Handler::plan`]: the keys follow from the path alone;
//! - [`Handler::phased`]: the keys follow from the typed body too; the body
//!   is parsed once, before the caller is resolved, and handed to `run`.
//!
//! The order of the answers is kept: who the caller is and whether she may
//! call the operation (401/403/404) come before what is wrong with her body
//! (400/422), which the operation answers where it always did.

use super::{BoxFuture, Context, OpError, Outcome, Request};
use crate::domain::ids;
use crate::ports::Key;
use std::any::Any;

/// An operation's run once the caller is resolved.
pub type RunFn = for<'a> fn(&'a Context, Request) -> BoxFuture<'a>;
/// The keys an operation reads with the caller's, from the path.
pub type PlanFn = fn(&Context, &Request) -> Vec<Key>;

/// How an operation plans and runs.
#[derive(Clone, Copy)]
pub enum Handler {
    Run(RunFn),
    Plan {
        plan: PlanFn,
        run: RunFn,
    },
    Phased {
        plan: fn(&Context, &Request) -> Planned,
        run: for<'a> fn(&'a Context, Request, Planned) -> BoxFuture<'a>,
    },
}

/// An operation whose plan needs its parsed body.
pub trait Phased: 'static {
    /// The JSON body.
    type Input: serde::de::DeserializeOwned + Send + 'static;
    /// The typed input (no I/O): its error is answered once the caller is
    /// authorised.
    fn parse(request: &Request) -> Result<Self::Input, OpError> {
        request.json()
    }
    /// The keys the operation reads, read with the caller's membership.
    fn plan(ctx: &Context, request: &Request, input: &Self::Input) -> Vec<Key>;
    /// Decides and commits, on the loaded keys. The input is handed over
    /// as parsed: the operation answers its error where it would have
    /// parsed the body itself (after its own checks of the caller). An
    /// `async fn` in the operation's `impl Phased`.
    fn run(
        ctx: &Context,
        request: Request,
        input: Result<Self::Input, OpError>,
    ) -> impl Future<Output = Outcome> + Send + '_;
}

/// What the plan phase produced: the keys, and the parsed input (or why
/// the body was refused).
pub struct Planned {
    pub(crate) keys: Vec<Key>,
    input: Result<Box<dyn Any + Send>, OpError>,
}

impl Planned {
    fn none() -> Planned {
        Planned {
            keys: Vec::new(),
            input: Ok(Box::new(())),
        }
    }
}

impl Handler {
    /// Plans nothing.
    pub const fn run(run: RunFn) -> Handler {
        Handler::Run(run)
    }

    /// Plans from the path alone.
    pub const fn plan(plan: PlanFn, run: RunFn) -> Handler {
        Handler::Plan { plan, run }
    }

    /// Parses, then plans from the typed input.
    pub const fn phased<P: Phased>() -> Handler {
        Handler::Phased {
            plan: plan_of::<P>,
            run: run_of::<P>,
        }
    }

    pub(crate) fn planned(&self, ctx: &Context, request: &Request) -> Planned {
        match self {
            Handler::Run(_) => Planned::none(),
            Handler::Plan { plan, .. } => Planned {
                keys: plan(ctx, request),
                ..Planned::none()
            },
            Handler::Phased { plan, .. } => plan(ctx, request),
        }
    }

    pub(crate) fn call<'a>(
        &self,
        ctx: &'a Context,
        request: Request,
        planned: Planned,
    ) -> BoxFuture<'a> {
        match self {
            Handler::Run(run) | Handler::Plan { run, .. } => run(ctx, request),
            Handler::Phased { run, .. } => run(ctx, request, planned),
        }
    }
}

fn plan_of<P: Phased>(ctx: &Context, request: &Request) -> Planned {
    match P::parse(request) {
        Ok(input) => Planned {
            keys: P::plan(ctx, request, &input),
            input: Ok(Box::new(input)),
        },
        Err(error) => Planned {
            keys: Vec::new(),
            input: Err(error),
        },
    }
}

fn run_of<P: Phased>(ctx: &Context, request: Request, planned: Planned) -> BoxFuture<'_> {
    match planned.input.map(|input| input.downcast::<P::Input>()) {
        Ok(Ok(input)) => Box::pin(P::run(ctx, request, Ok(*input))),
        Ok(Err(_)) => {
            Box::pin(async { Err(OpError::Internal("input of another operation".into())) })
        }
        Err(error) => Box::pin(P::run(ctx, request, Err(error))),
    }
}

/// The organisation of the path (empty when absent).
pub fn org(request: &Request) -> &str {
    request.params.get("org_id").map_or("", String::as_str)
}

/// The key `key(org, id)` of the record the path parameter `name` names,
/// when the parameter is a well-formed id. Junk names nothing: the
/// operation answers 404 as it would have.
pub fn path_key(request: &Request, name: &str, key: impl Fn(&str, &str) -> Key) -> Vec<Key> {
    request
        .params
        .get(name)
        .map(String::as_str)
        .filter(|id| ids::is_id(id))
        .map(|id| key(org(request), id))
        .into_iter()
        .collect()
}

/// An `async fn(&Context, Request) -> Outcome` as a [`RunFn`]:
/// `Handler::run(run_fn!(run))`.
macro_rules! run_fn {
    ($run:path) => {
        |ctx, request| Box::pin($run(ctx, request))
    };
}
pub(crate) use run_fn;
