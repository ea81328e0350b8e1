package io.mysqlmongosync.sink;

import com.mongodb.MongoException;

/**
 * MongoDB's duplicate-key error (code 11000): an insert or upsert that met an existing {@code _id} or unique key.
 * A write error ({@code MongoWriteException}) and a command error ({@code MongoCommandException}, what some
 * servers answer instead) both carry it as their code.
 */
public final class DuplicateKey {

    /** The server's error code. */
    public static final int CODE = 11000;

    private DuplicateKey() {
    }

    /** Whether {@code e} is a duplicate-key error. */
    public static boolean is(MongoException e) {
        return e.getCode() == CODE;
    }
}
