package org.clostera.io.npy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Parses the small subset of Python literal syntax used by {@code .npy} headers: dicts, tuples, lists,
 * quoted strings, integers, {@code True}, {@code False} and {@code None}. Values become {@link Map},
 * {@link List}, {@link String}, {@link Long} (integers beyond 64 bits are a parse error), {@link Boolean}
 * and null. Throws {@link IllegalArgumentException}
 * with a position on malformed input; the caller turns it into an {@code InvalidDataException}.
 * Nesting is bounded ({@value #MAX_DEPTH} levels; a real header needs 2) so a hostile header is an error,
 * not a {@code StackOverflowError}.
 */
final class PythonLiteralParser {
    /** Deepest nesting of dicts, tuples and lists accepted. */
    static final int MAX_DEPTH = 32;

    private final String text;
    private int pos;
    private int depth;

    private PythonLiteralParser(String text) {
        this.text = text;
    }

    /** Parses {@code text} as one literal followed only by whitespace. */
    static Object parse(String text) {
        PythonLiteralParser p = new PythonLiteralParser(text);
        Object value = p.value();
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the literal");
        }
        return value;
    }

    private Object value() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("unexpected end of header");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> nested(() -> dict());
            case '(' -> nested(() -> sequence('(', ')'));
            case '[' -> nested(() -> sequence('[', ']'));
            case '\'', '"' -> string();
            default -> {
                if (c == '-' || c == '+' || Character.isDigit(c)) {
                    yield integer();
                }
                yield keyword();
            }
        };
    }

    private Object nested(Supplier<Object> container) {
        if (depth == MAX_DEPTH) {
            throw error("literal nested deeper than " + MAX_DEPTH + " levels");
        }
        depth++;
        Object value = container.get();
        depth--;
        return value;
    }

    private Map<String, Object> dict() {
        expect('{');
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            Object key = value();
            if (!(key instanceof String s)) {
                throw error("dict key is not a string");
            }
            skipSpace();
            expect(':');
            map.put(s, value());
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else if (peek() != '}') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> sequence(char open, char close) {
        expect(open);
        List<Object> items = new ArrayList<>();
        while (true) {
            skipSpace();
            if (peek() == close) {
                pos++;
                return items;
            }
            items.add(value());
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else if (peek() != close) {
                throw error("expected ',' or '" + close + "'");
            }
        }
    }

    private String string() {
        char quote = text.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\\' && pos < text.length()) {
                c = text.charAt(pos++);
            }
            sb.append(c);
        }
        throw error("unterminated string");
    }

    private Long integer() {
        int start = pos;
        if (peek() == '-' || peek() == '+') {
            pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        // Python 2 era headers may carry a long suffix, e.g. (3L, 4L).
        int end = pos;
        if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
            pos++;
        }
        try {
            return Long.parseLong(text.substring(start, end));
        } catch (NumberFormatException e) {
            pos = start;
            throw error("bad integer '" + text.substring(start, end) + "'");
        }
    }

    private Object keyword() {
        for (String word : new String[] {"True", "False", "None"}) {
            if (text.startsWith(word, pos)) {
                pos += word.length();
                return switch (word) {
                    case "True" -> Boolean.TRUE;
                    case "False" -> Boolean.FALSE;
                    default -> null;
                };
            }
        }
        throw error("unexpected character '" + text.charAt(pos) + "'");
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end of header");
        }
        return text.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at header character " + pos);
    }
}
