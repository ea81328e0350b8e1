/**
 * The ports of the change pipeline: the path of one change is
 * {@link io.mysqlmongosync.engine.port.ChangeSource} → {@link io.mysqlmongosync.engine.port.DocumentBuilder} →
 * {@link io.mysqlmongosync.engine.port.DocumentSink} → {@link io.mysqlmongosync.engine.port.Checkpoints}, with the
 * value types they exchange; a row that cannot become a document goes to the
 * {@link io.mysqlmongosync.engine.port.DeadLetters} instead. This package imports only {@code mapping} and {@code schema}, so sources, sinks and
 * the engine all depend on it and never on each other through it; a new source or sink is one class behind one of
 * these interfaces.
 */
package io.mysqlmongosync.engine.port;
