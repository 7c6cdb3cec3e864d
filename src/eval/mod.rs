//! Scoring the pipeline against gold files (placeholder; built in issue 2).
