package dev.keyhound.scanner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * The files of one scan that hold the same bytes under the same name (the releases of a project
 * side by side, vendored copies, test data kept twice): the first file read with some content is
 * scanned, and each later one is placed where that scan's findings go, as a history places one blob
 * at every commit that holds it.
 *
 * <p>Size, CRC-32 and file name pick out a file's possible twin: one pass over bytes already in
 * memory, at the speed of copying them. The first file's bytes, read again from disk, then confirm
 * it byte for byte, so a CRC collision, or a first file changed since it was read, costs only a
 * scan of its own. The name is part of the key because a name can change how the same bytes are
 * read (a notebook by its extension, a document by the name given to Tika).
 */
final class IdenticalFiles {
  /**
   * Contents remembered at most: ~300 bytes each (the key, the first file's path and place), 30 MB
   * at most; past it, new contents are scanned without being remembered.
   */
  static final int MAX_REMEMBERED = 100_000;

  /**
   * A content's key: size, CRC-32 and the file's name, the last part of its {@code /}-separated
   * path (kept as the path the place holds already, not as a string of its own). Not a record: a
   * record's equals and hash code are linked at their first call, ~20 ms of a scan's start.
   */
  private static final class Key {
    private final int size;
    private final int crc;
    private final String path;
    private final int name;

    Key(int size, int crc, String path) {
      this.size = size;
      this.crc = crc;
      this.path = path;
      this.name = path.lastIndexOf('/') + 1;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && k.size == size
          && k.crc == crc
          && k.path.length() - k.name == path.length() - name
          && k.path.regionMatches(k.name, path, name, path.length() - name);
    }

    @Override
    public int hashCode() {
      return crc * 31 + size;
    }
  }

  private final ConcurrentHashMap<Key, Content> firsts = new ConcurrentHashMap<>();

  /** The contents that have a twin: the few whose skips are copied. */
  private final Queue<Content> withTwins = new ConcurrentLinkedQueue<>();

  private final int maxRemembered;

  IdenticalFiles() {
    this(MAX_REMEMBERED);
  }

  IdenticalFiles(int maxRemembered) {
    this.maxRemembered = maxRemembered;
  }

  /**
   * The content {@code bytes} (read from {@code file}, reported at {@code place}) belongs to, the
   * file joined to it: {@link Content#first} is {@code place} when this file is the first with it,
   * and is to be scanned. Null when it is to be scanned on its own: its twin could not be
   * confirmed, or too many contents are remembered already.
   */
  Content join(Path file, byte[] bytes, Provenance.File place) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length);
    Key key = new Key(bytes.length, (int) crc.getValue(), place.path());
    Content known = firsts.get(key);
    if (known == null) {
      if (firsts.size() >= maxRemembered) {
        return null;
      }
      Content fresh = new Content(file, place);
      known = firsts.putIfAbsent(key, fresh);
      if (known == null) {
        return fresh;
      }
    }
    if (!known.holds(bytes)) {
      return null;
    }
    if (known.addTwin(place)) {
      withTwins.add(known);
    }
    return known;
  }

  /**
   * Copies what the scan of each content's first file could not read to each of its twins (run once
   * the scan's threads are done).
   */
  void copySkips(Consumer<Skipped> out) {
    for (Content c : withTwins) {
      c.copySkips(out);
    }
  }

  /** One content: its first file, which is scanned, and the twins placed with it. */
  static final class Content {
    private final Path file;
    private final Provenance.File first;
    // Made when the first is found: most contents have neither.
    private List<Provenance> twins;
    private List<Skipped> skips;

    private Content(Path file, Provenance.File first) {
      this.file = file;
      this.first = first;
    }

    Provenance.File first() {
      return first;
    }

    /** The twins found so far: all of them once the scan's threads are done. */
    synchronized List<Provenance> twins() {
      return twins == null ? List.of() : List.copyOf(twins);
    }

    /** Adds a twin: true for the first. */
    private synchronized boolean addTwin(Provenance place) {
      boolean first = twins == null;
      if (first) {
        twins = new ArrayList<>(1);
      }
      twins.add(place);
      return first;
    }

    /** Notes a skip met while scanning the first file, to be copied to each twin. */
    synchronized void skipped(Skipped s) {
      if (skips == null) {
        skips = new ArrayList<>(1);
      }
      skips.add(s);
    }

    /** Whether the first file, read again, still holds exactly {@code bytes}. */
    private boolean holds(byte[] bytes) {
      try {
        return Arrays.equals(Files.readAllBytes(file), bytes);
      } catch (IOException | SecurityException e) {
        return false;
      }
    }

    private synchronized void copySkips(Consumer<Skipped> out) {
      if (twins == null || skips == null) {
        return;
      }
      String at = first.path();
      for (Provenance twin : twins) {
        for (Skipped s : skips) {
          String location = s.location();
          if (location.equals(at)) {
            out.accept(new Skipped(twin.path(), s.reason(), s.detail()));
          } else if (location.startsWith(at) && location.charAt(at.length()) == '!') {
            out.accept(
                new Skipped(twin.path() + location.substring(at.length()), s.reason(), s.detail()));
          }
        }
      }
    }
  }
}
