//! Parquet output: one Arrow schema for every writer of dyad events (the store's export, and
//! the Python/Spark bindings, which must call [`arrow_schema`] rather than restate it).
//!
//! The schema is flat, so that any SQL engine reads it without unnesting: one column per
//! field of the record, actor role lists as lists of strings, and the store's columns
//! (`global_event_id`, counts, `date_added`) null when events are written without a store.

use crate::format::Counts;
use crate::store::StoredEvent;
use crate::{Error, Result};
use ::parquet::arrow::ArrowWriter;
use ::parquet::basic::Compression;
use ::parquet::file::properties::WriterProperties;
use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float32Builder, Float64Builder, Int32Builder, Int64Builder,
    ListBuilder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use chrono::NaiveDate;
use dyad_core::Event;
use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

/// Version of the Parquet schema, stored in the file's key-value metadata as
/// `dyad.schema_version`. Bump it when a column is added.
pub const PARQUET_SCHEMA_VERSION: &str = "1";

/// Rows per row group: large enough for good compression, small enough to keep the writer's
/// memory flat.
const ROWS_PER_BATCH: usize = 8192;

fn roles_field() -> Field {
    Field::new("item", DataType::Utf8, true)
}

/// The Arrow schema of dyad's event Parquet files. Column names follow the JSON record
/// (`source.code` becomes `source_code`); see `docs/formats.md`.
pub fn arrow_schema() -> Schema {
    use DataType::*;
    let list = List(Arc::new(roles_field()));
    let fields = vec![
        Field::new("global_event_id", Int64, true),
        Field::new("event_id", Utf8, false),
        Field::new("doc_id", Utf8, false),
        Field::new("sentence", Int32, false),
        Field::new("date", Date32, true),
        Field::new("date_source", Utf8, false),
        Field::new("source_text", Utf8, false),
        Field::new("source_code", Utf8, false),
        Field::new("source_country", Utf8, true),
        Field::new("source_roles", list.clone(), false),
        Field::new("source_entity", Utf8, true),
        Field::new("target_text", Utf8, true),
        Field::new("target_code", Utf8, true),
        Field::new("target_country", Utf8, true),
        Field::new("target_roles", list, true),
        Field::new("target_entity", Utf8, true),
        Field::new("cameo", Utf8, false),
        Field::new("cameo_root", Utf8, false),
        Field::new("quad_class", Int32, false),
        Field::new("goldstein", Float32, false),
        Field::new("plover_type", Utf8, false),
        Field::new("plover_mode", Utf8, true),
        Field::new("location_name", Utf8, true),
        Field::new("location_country", Utf8, true),
        Field::new("location_admin1", Utf8, true),
        Field::new("location_lat", Float64, true),
        Field::new("location_lon", Float64, true),
        Field::new("location_geonames_id", Int64, true),
        Field::new("evidence", Utf8, false),
        Field::new("evidence_start", Int64, false),
        Field::new("evidence_end", Int64, false),
        Field::new("rule", Utf8, false),
        Field::new("negated", Boolean, false),
        Field::new("modality", Utf8, false),
        Field::new("confidence", Float32, false),
        Field::new("num_mentions", Int64, true),
        Field::new("num_sources", Int64, true),
        Field::new("num_articles", Int64, true),
        Field::new("date_added", Utf8, true),
    ];
    let mut meta = HashMap::new();
    meta.insert(
        "dyad.schema_version".to_string(),
        PARQUET_SCHEMA_VERSION.to_string(),
    );
    Schema::new_with_metadata(fields, meta)
}

/// One Arrow record batch of events coded outside a store (the store's columns null), with
/// the schema of [`arrow_schema`]: what the Python bindings hand to pyarrow and Spark.
pub fn events_record_batch(events: &[Event]) -> Result<RecordBatch> {
    let schema: SchemaRef = Arc::new(arrow_schema());
    let rows: Vec<_> = events.iter().map(|e| (e, None)).collect();
    record_batch(&schema, &rows)
}

/// What the store adds to an event row.
struct StoreColumns<'a> {
    id: i64,
    counts: Counts,
    date_added: &'a str,
}

/// Builds one record batch of `rows`.
fn record_batch(
    schema: &SchemaRef,
    rows: &[(&Event, Option<StoreColumns<'_>>)],
) -> Result<RecordBatch> {
    let n = rows.len();
    let s = || StringBuilder::with_capacity(n, n * 8);
    let roles = || ListBuilder::new(StringBuilder::new()).with_field(Arc::new(roles_field()));
    let (mut gid, mut event_id, mut doc_id, mut sentence) = (
        Int64Builder::with_capacity(n),
        s(),
        s(),
        Int32Builder::with_capacity(n),
    );
    let (mut date, mut date_source) = (Date32Builder::with_capacity(n), s());
    let (mut s_text, mut s_code, mut s_country, mut s_roles, mut s_entity) =
        (s(), s(), s(), roles(), s());
    let (mut t_text, mut t_code, mut t_country, mut t_roles, mut t_entity) =
        (s(), s(), s(), roles(), s());
    let (mut cameo, mut root, mut quad, mut gold) = (
        s(),
        s(),
        Int32Builder::with_capacity(n),
        Float32Builder::with_capacity(n),
    );
    let (mut p_type, mut p_mode) = (s(), s());
    let (mut l_name, mut l_country, mut l_admin1) = (s(), s(), s());
    let (mut l_lat, mut l_lon, mut l_gid) = (
        Float64Builder::with_capacity(n),
        Float64Builder::with_capacity(n),
        Int64Builder::with_capacity(n),
    );
    let (mut ev, mut ev_start, mut ev_end) = (
        s(),
        Int64Builder::with_capacity(n),
        Int64Builder::with_capacity(n),
    );
    let (mut rule, mut negated, mut modality, mut confidence) = (
        s(),
        BooleanBuilder::with_capacity(n),
        s(),
        Float32Builder::with_capacity(n),
    );
    let (mut n_m, mut n_s, mut n_a, mut added) = (
        Int64Builder::with_capacity(n),
        Int64Builder::with_capacity(n),
        Int64Builder::with_capacity(n),
        s(),
    );
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    for (e, st) in rows {
        gid.append_option(st.as_ref().map(|s| s.id));
        event_id.append_value(&e.event_id);
        doc_id.append_value(&e.doc_id);
        sentence.append_value(i32::try_from(e.sentence).unwrap_or(i32::MAX));
        let day = e
            .date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .and_then(|d| i32::try_from((d - epoch).num_days()).ok());
        date.append_option(day);
        date_source.append_value(&e.date_source);
        s_text.append_value(&e.source.text);
        s_code.append_value(&e.source.code);
        s_country.append_option(e.source.country.as_deref());
        s_roles.append_value(e.source.roles.iter().map(|r| Some(r.as_str())));
        s_entity.append_option(e.source.entity.as_deref());
        match &e.target {
            Some(t) => {
                t_text.append_value(&t.text);
                t_code.append_value(&t.code);
                t_country.append_option(t.country.as_deref());
                t_roles.append_value(t.roles.iter().map(|r| Some(r.as_str())));
                t_entity.append_option(t.entity.as_deref());
            }
            None => {
                t_text.append_null();
                t_code.append_null();
                t_country.append_null();
                t_roles.append_null();
                t_entity.append_null();
            }
        }
        cameo.append_value(&e.cameo);
        root.append_value(&e.cameo_root);
        quad.append_value(i32::from(e.quad_class));
        gold.append_value(e.goldstein);
        p_type.append_value(&e.plover.kind);
        p_mode.append_option(e.plover.mode.as_deref());
        let l = e.location.as_ref();
        l_name.append_option(l.map(|l| l.name.as_str()));
        l_country.append_option(l.map(|l| l.country.as_str()));
        l_admin1.append_option(l.and_then(|l| l.admin1.as_deref()));
        l_lat.append_option(l.map(|l| l.lat));
        l_lon.append_option(l.map(|l| l.lon));
        l_gid.append_option(
            l.and_then(|l| l.geonames_id)
                .and_then(|g| i64::try_from(g).ok()),
        );
        ev.append_value(&e.evidence.text);
        ev_start.append_value(i64::from(e.evidence.start));
        ev_end.append_value(i64::from(e.evidence.end));
        rule.append_value(&e.rule);
        negated.append_value(e.negated);
        modality.append_value(&e.modality);
        confidence.append_value(e.confidence);
        let c = |f: fn(&Counts) -> u64| {
            st.as_ref()
                .map(|s| i64::try_from(f(&s.counts)).unwrap_or(i64::MAX))
        };
        n_m.append_option(c(|c| c.num_mentions));
        n_s.append_option(c(|c| c.num_sources));
        n_a.append_option(c(|c| c.num_articles));
        added.append_option(st.as_ref().map(|s| s.date_added));
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(gid.finish()),
        Arc::new(event_id.finish()),
        Arc::new(doc_id.finish()),
        Arc::new(sentence.finish()),
        Arc::new(date.finish()),
        Arc::new(date_source.finish()),
        Arc::new(s_text.finish()),
        Arc::new(s_code.finish()),
        Arc::new(s_country.finish()),
        Arc::new(s_roles.finish()),
        Arc::new(s_entity.finish()),
        Arc::new(t_text.finish()),
        Arc::new(t_code.finish()),
        Arc::new(t_country.finish()),
        Arc::new(t_roles.finish()),
        Arc::new(t_entity.finish()),
        Arc::new(cameo.finish()),
        Arc::new(root.finish()),
        Arc::new(quad.finish()),
        Arc::new(gold.finish()),
        Arc::new(p_type.finish()),
        Arc::new(p_mode.finish()),
        Arc::new(l_name.finish()),
        Arc::new(l_country.finish()),
        Arc::new(l_admin1.finish()),
        Arc::new(l_lat.finish()),
        Arc::new(l_lon.finish()),
        Arc::new(l_gid.finish()),
        Arc::new(ev.finish()),
        Arc::new(ev_start.finish()),
        Arc::new(ev_end.finish()),
        Arc::new(rule.finish()),
        Arc::new(negated.finish()),
        Arc::new(modality.finish()),
        Arc::new(confidence.finish()),
        Arc::new(n_m.finish()),
        Arc::new(n_s.finish()),
        Arc::new(n_a.finish()),
        Arc::new(added.finish()),
    ];
    RecordBatch::try_new(schema.clone(), columns).map_err(|e| Error::Parquet(e.to_string()))
}

/// Writes events to a Parquet file (Snappy-compressed) with the schema of [`arrow_schema`].
/// Rows are buffered and written a row group at a time; call [`ParquetWriter::finish`] to
/// write the footer (a file without it is not readable).
pub struct ParquetWriter<W: Write + Send> {
    schema: SchemaRef,
    writer: ArrowWriter<W>,
    events: Vec<Event>,
    stored: Vec<(i64, Counts, String)>,
}

impl<W: Write + Send> ParquetWriter<W> {
    /// A writer over `out`.
    pub fn new(out: W) -> Result<Self> {
        let schema: SchemaRef = Arc::new(arrow_schema());
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROWS_PER_BATCH * 16))
            .build();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(props))
            .map_err(|e| Error::Parquet(e.to_string()))?;
        Ok(ParquetWriter {
            schema,
            writer,
            events: Vec::new(),
            stored: Vec::new(),
        })
    }

    /// Writes events coded outside a store (the store's columns are null).
    pub fn write_events(&mut self, events: &[Event]) -> Result<()> {
        self.flush_stored()?;
        for chunk in events.chunks(ROWS_PER_BATCH) {
            let rows: Vec<_> = chunk.iter().map(|e| (e, None)).collect();
            let batch = record_batch(&self.schema, &rows)?;
            self.writer
                .write(&batch)
                .map_err(|e| Error::Parquet(e.to_string()))?;
        }
        Ok(())
    }

    /// Adds one stored event (buffered; written a batch at a time).
    pub fn push_stored(&mut self, s: StoredEvent) -> Result<()> {
        self.stored
            .push((s.global_event_id, s.counts, s.date_added));
        self.events.push(s.event);
        if self.events.len() >= ROWS_PER_BATCH {
            self.flush_stored()?;
        }
        Ok(())
    }

    fn flush_stored(&mut self) -> Result<()> {
        if self.events.is_empty() {
            return Ok(());
        }
        let rows: Vec<_> = self
            .events
            .iter()
            .zip(&self.stored)
            .map(|(e, (id, counts, added))| {
                (
                    e,
                    Some(StoreColumns {
                        id: *id,
                        counts: *counts,
                        date_added: added,
                    }),
                )
            })
            .collect();
        let batch = record_batch(&self.schema, &rows)?;
        self.writer
            .write(&batch)
            .map_err(|e| Error::Parquet(e.to_string()))?;
        self.events.clear();
        self.stored.clear();
        Ok(())
    }

    /// Writes what is buffered and the file footer, and returns the output.
    pub fn finish(mut self) -> Result<W> {
        self.flush_stored()?;
        self.writer
            .into_inner()
            .map_err(|e| Error::Parquet(e.to_string()))
    }
}
