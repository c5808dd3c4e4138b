-- The W3C traceparent of the request that recorded an operation (null while tracing is off): the worker's spans
-- continue that trace, so an operation is one trace from its request to its end, whichever server runs it.
ALTER TABLE operations ADD COLUMN traceparent varchar(55);
