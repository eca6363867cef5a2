//! How an operation declares itself: its route and who may call it first,
//! then only what differs from the usual (no query string, no request body,
//! the store only, as the method says: [`Draft::table`], [`Draft::directory`],
//! [`Draft::files`], [`Draft::cipher`], [`Draft::mailer`]), and its handler last.
//!
//! ```ignore
//! pub const SPEC: OperationSpec = OperationSpec::named("create_user")
//!     .post("/orgs/{org_id}/users")
//!     .access(Access::Manager)
//!     .summary("Create a user")
//!     .takes(Body::of::<UserInput>())
//!     .answers(201, Body::of::<UserView>())
//!     .problems(&[401, 403, 404, 409, 422])
//!     .handler(Handler::phased::<Phases>());
//! ```
//!
//! Whoever may call it is never assumed: [`Draft::handler`] fails the build
//! of an operation that does not say its route, its access or its answer.

use super::{
    Access, Body, CipherCall, DirectoryCall, FileCall, Handler, OperationSpec, Table, Uses,
};

/// An operation being declared; [`Draft::handler`] completes it.
#[derive(Clone, Copy)]
pub struct Draft {
    id: &'static str,
    method: &'static str,
    path: &'static str,
    access: Option<Access>,
    uses: Uses,
    summary: &'static str,
    query: &'static [(&'static str, &'static str)],
    request: Option<Body>,
    success: Option<(u16, Body)>,
    problems: &'static [u16],
}

impl OperationSpec {
    /// The operation `id` (snake_case: its function's folder), its route
    /// next ([`Draft::get`], [`Draft::post`], …).
    pub const fn named(id: &'static str) -> Draft {
        Draft {
            id,
            method: "",
            path: "",
            access: None,
            uses: Uses::NONE,
            summary: "",
            query: &[],
            request: None,
            success: None,
            problems: &[],
        }
    }
}

impl Draft {
    const fn route(mut self, method: &'static str, path: &'static str) -> Draft {
        self.method = method;
        self.path = path;
        self
    }

    /// Served at `GET path`.
    pub const fn get(self, path: &'static str) -> Draft {
        self.route("GET", path)
    }

    /// Served at `POST path`.
    pub const fn post(self, path: &'static str) -> Draft {
        self.route("POST", path)
    }

    /// Served at `PUT path`.
    pub const fn put(self, path: &'static str) -> Draft {
        self.route("PUT", path)
    }

    /// Served at `PATCH path`.
    pub const fn patch(self, path: &'static str) -> Draft {
        self.route("PATCH", path)
    }

    /// Served at `DELETE path`.
    pub const fn delete(self, path: &'static str) -> Draft {
        self.route("DELETE", path)
    }

    /// Who may call it.
    pub const fn access(mut self, access: Access) -> Draft {
        self.access = Some(access);
        self
    }

    /// What it does with the table, when not what its method says.
    pub const fn table(mut self, table: Table) -> Draft {
        self.uses.table = table;
        self
    }

    /// The directory (Cognito) calls it makes.
    pub const fn directory(mut self, calls: &'static [DirectoryCall]) -> Draft {
        self.uses.directory = calls;
        self
    }

    /// What it does with the files bucket.
    pub const fn files(mut self, calls: &'static [FileCall]) -> Draft {
        self.uses.files = calls;
        self
    }

    /// What it does with the bank-details key (KMS): only the bank-details
    /// operations; the others' functions cannot use the key.
    pub const fn cipher(mut self, calls: &'static [CipherCall]) -> Draft {
        self.uses.cipher = calls;
        self
    }

    /// It sends email itself (SES), rather than queueing it.
    pub const fn mailer(mut self) -> Draft {
        self.uses.mailer = true;
        self
    }

    /// One line for the OpenAPI document.
    pub const fn summary(mut self, summary: &'static str) -> Draft {
        self.summary = summary;
        self
    }

    /// Its query-string parameters: (name, description).
    pub const fn query(mut self, query: &'static [(&'static str, &'static str)]) -> Draft {
        self.query = query;
        self
    }

    /// The request body it takes.
    pub const fn takes(mut self, body: Body) -> Draft {
        self.request = Some(body);
        self
    }

    /// Its success: the status and the body.
    pub const fn answers(mut self, status: u16, body: Body) -> Draft {
        self.success = Some((status, body));
        self
    }

    /// The problem statuses it may answer besides 400/500/503.
    pub const fn problems(mut self, problems: &'static [u16]) -> Draft {
        self.problems = problems;
        self
    }

    /// The operation, with how it plans and runs ([`super::phases`]).
    pub const fn handler(self, handler: Handler) -> OperationSpec {
        if self.method.is_empty() {
            panic!("an operation says its route")
        }
        let Some(access) = self.access else {
            panic!("an operation says who may call it")
        };
        let Some(success) = self.success else {
            panic!("an operation says what it answers")
        };
        OperationSpec {
            id: self.id,
            method: self.method,
            path: self.path,
            access,
            uses: self.uses,
            summary: self.summary,
            query: self.query,
            request: self.request,
            success,
            problems: self.problems,
            handler,
        }
    }
}
