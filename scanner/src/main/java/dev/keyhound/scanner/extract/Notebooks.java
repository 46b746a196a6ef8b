package dev.keyhound.scanner.extract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a Jupyter notebook's JSON strings as lines of text, one segment per cell (source and
 * outputs), so that escaped newlines and quotes do not break a match; a file that is not JSON is
 * read as plain text.
 */
final class Notebooks {
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * Labels, not content: leaving them out keeps a cell's line numbers those of its source and
   * outputs.
   */
  private static final Set<String> LABELS = Set.of("cell_type", "output_type", "name", "id");

  private Notebooks() {}

  static void extract(byte[] bytes, String member, Extraction x) {
    List<StringBuilder> cells = new ArrayList<>();
    StringBuilder rest = new StringBuilder();
    try (JsonParser p = JSON.createParser(bytes)) {
      int depth = 0;
      boolean cellsNext = false;
      boolean inCells = false;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        switch (t) {
          case FIELD_NAME -> cellsNext = depth == 1 && "cells".equals(p.currentName());
          case START_ARRAY, START_OBJECT -> {
            depth++;
            if (cellsNext && t == JsonToken.START_ARRAY) {
              inCells = true;
            } else if (inCells && depth == 3 && t == JsonToken.START_OBJECT) {
              cells.add(new StringBuilder());
            }
            cellsNext = false;
          }
          case END_ARRAY, END_OBJECT -> {
            if (inCells && depth == 2) {
              inCells = false;
            }
            depth--;
          }
          case VALUE_STRING -> {
            String field = p.currentName();
            if (field != null && LABELS.contains(field)) {
              continue;
            }
            StringBuilder into =
                inCells && depth >= 3 && !cells.isEmpty() ? cells.get(cells.size() - 1) : rest;
            // Notebooks store text as arrays of lines, each but the last ending in \n: keep one
            // line per line.
            String s = p.getText();
            into.append(s);
            if (!s.endsWith("\n")) {
              into.append('\n');
            }
            cellsNext = false;
          }
          default -> cellsNext = false;
        }
      }
    } catch (IOException e) {
      x.text(bytes, member);
      return;
    }
    for (int i = 0; i < cells.size(); i++) {
      if (cells.get(i).length() > 0) {
        x.emit(new Segment(member, cells.get(i).toString(), null, i + 1, null));
      }
    }
    if (rest.length() > 0) {
      x.emit(new Segment(member, rest.toString()));
    }
  }
}
