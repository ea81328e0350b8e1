package io.mysqlmongosync.mapping.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** The {@code reverse:} block of a collection in the mapping file. */
class ReverseBlockTest {

    static MappingSpec parse(String yaml) {
        return MappingFileParser.parse("m.yaml", new StringReader(yaml), false);
    }

    @Test
    void absentBlockIsNull() {
        assertNull(parse("collections:\n  products: {}\n").collections().get(0).reverse());
    }

    @Test
    void updatesDefaultOnInsertsAndDeletesOff() {
        ReverseSwitches r = parse("collections:\n  products:\n    reverse: {}\n").collections().get(0).reverse();
        assertEquals(new ReverseSwitches(true, false, false, 3), r);
        assertEquals(false, parse("collections:\n  products:\n    reverse: {updates: false}\n").collections().get(0)
                .reverse().updates());
    }

    @Test
    void insertsAreParsed() {
        assertEquals(new ReverseSwitches(false, true, false, 3), parse("collections:\n  products:\n"
                + "    reverse: {updates: false, inserts: true}\n").collections().get(0).reverse());
    }

    @Test
    void deletesMayBeSwitchedOn() {
        assertEquals(new ReverseSwitches(true, false, true, 3), parse("collections:\n  products:\n"
                + "    reverse: {updates: true, deletes: true}\n").collections().get(0).reverse());
    }

    @Test
    void badValuesAndKeysAreRefusedWithTheirLine() {
        String m = assertThrows(MappingException.class,
                () -> parse("collections:\n  products:\n    reverse: {deletes: yes}\n")).getMessage();
        assertTrue(m.contains("m.yaml:3") && m.contains("must be true or false"), m);
        m = assertThrows(MappingException.class,
                () -> parse("collections:\n  products:\n    reverse: {update: true}\n")).getMessage();
        assertTrue(m.contains("unknown key 'update'"), m);
    }
}
