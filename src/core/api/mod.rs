//! Provider API shapes: request parsing and rewriting per API.
