//! Test support for the generated client: a scripted HTTP/1.1 server on 127.0.0.1.
