-- The error-stream detectors' state after the last label they read (kiln.monitor.DetectorMonitor),
-- stamped with that label's (labelled_at, row_id): a new process whose detector watermark matches
-- resumes from it instead of replaying the production version's labels from its first one.
CREATE TABLE detector_state (
    model_name VARCHAR PRIMARY KEY,
    at_time    TIMESTAMP,
    at_pid     BIGINT,
    state      BLOB NOT NULL
);
