-- Where each model's production scorer stands: every reading with process_time before
-- watermark_time has been considered (scored, or left unscored because no version was production
-- at its time); readings_before counts the readings below the watermark when it was set, so a
-- late reading (one that arrives with an older process_time) is noticed by a changed count and the
-- next catch-up rescans from the beginning instead of skipping it. timeline is the production
-- timeline the watermark was computed against: a changed timeline (a back-dated promotion) also
-- makes the next catch-up rescan. The rescan is safe because predictions are found by anti-join.
CREATE TABLE scoring_watermark (
    model_name      VARCHAR PRIMARY KEY,
    watermark_time  TIMESTAMP NOT NULL,
    readings_before BIGINT NOT NULL,
    timeline        VARCHAR NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
