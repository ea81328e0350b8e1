package io.mysqlmongosync.sink.reverse;

import io.mysqlmongosync.engine.port.ChangeBatch;
import io.mysqlmongosync.engine.port.ChangeSource;
import io.mysqlmongosync.mapping.SourceRow;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * A keyset scan of edited documents (see {@link EditedDocuments#open}): one page per batch, only the edited
 * documents of a page (and, when asked, the new ones) among its upserts, {@code size} counting every document read
 * so the position moves past unedited ones too.
 */
final class EditScan implements ChangeSource {

    private final EditedDocuments documents;
    private final String collection;
    private final String table;
    private final String field;
    private final long toMillis;
    private final int pageSize;
    private final boolean newDocuments;
    private long afterMillis;
    private Object afterId;
    private boolean done;

    EditScan(EditedDocuments documents, String collection, String table, String field, long fromMillis, long toMillis,
            int pageSize, boolean newDocuments) {
        this.documents = documents;
        this.collection = collection;
        this.table = table;
        this.field = field;
        this.afterMillis = fromMillis;
        this.toMillis = toMillis;
        this.pageSize = pageSize;
        this.newDocuments = newDocuments;
    }

    @Override
    public ChangeBatch next() {
        if (done) {
            return null;
        }
        List<Document> page = documents.page(collection, table, field, afterMillis, afterId, toMillis, pageSize,
                newDocuments);
        if (page.isEmpty()) {
            done = true;
            return null;
        }
        List<SourceRow> edited = new ArrayList<>();
        for (Document d : page) {
            if (EditedDocuments.edited(d)) {
                Object version = d.get("_sync", Document.class).get("version");
                edited.add(new SourceRow(d.get("_id"), d, version instanceof Number n ? n.longValue() : 0L, List.of()));
            } else if (newDocuments && EditedDocuments.created(d)) {
                edited.add(new SourceRow(d.get("_id"), d, 0L, List.of()));
            }
        }
        Document last = page.get(page.size() - 1);
        afterMillis = ((Date) last.get(field)).getTime();
        afterId = last.get("_id");
        done = page.size() < pageSize;
        return ChangeBatch.ofRows(edited, List.of(), page.size(), new Object[] {afterMillis, afterId});
    }

    @Override
    public void close() {
        done = true;
    }
}
