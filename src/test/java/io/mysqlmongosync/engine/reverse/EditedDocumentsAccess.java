package io.mysqlmongosync.engine.reverse;

import io.mysqlmongosync.sink.reverse.EditedDocuments;
import org.bson.Document;

/** Test access to whether a stored document counts as edited (its data no longer has its {@code _sync.hash}). */
final class EditedDocumentsAccess {

    private EditedDocumentsAccess() {
    }

    static boolean edited(Document stored) {
        return EditedDocuments.edited(stored);
    }
}
