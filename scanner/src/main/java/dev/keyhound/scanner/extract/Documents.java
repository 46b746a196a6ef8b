package dev.keyhound.scanner.extract;

import dev.keyhound.scanner.Skipped;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * Reads documents (PDF, Office, OpenDocument, RTF, e-mail) through Tika under a time limit, on a
 * small pool of daemon threads so that a parse that never ends is abandoned without holding the
 * scan.
 */
final class Documents {
  private Documents() {}

  static void extract(byte[] bytes, String name, String member, Extraction x)
      throws Budget.LimitReached {
    try {
      TikaParsing.load();
    } catch (LinkageError e) {
      x.skip(
          member,
          Skipped.Reason.UNREADABLE,
          "document support failed to start: " + Extraction.message(e));
      return;
    }
    long maxChars =
        Math.min(x.limits.maxMemberSize(), x.limits.maxExtractedBytes() - x.budget.extracted());
    Future<DocumentText> parse =
        Pool.EXECUTOR.submit(() -> TikaParsing.parse(bytes, name, Math.max(0, maxChars)));
    DocumentText result;
    try {
      // The parse runs on the pool: a scan worker lends its core meanwhile (see CoreLending).
      result = CoreLending.get(parse, x.limits.documentTimeout().toNanos());
    } catch (TimeoutException e) {
      parse.cancel(true);
      x.skip(
          member,
          Skipped.Reason.LIMIT,
          "document parse took longer than --document-timeout "
              + x.limits.documentTimeout().toSeconds()
              + "s, abandoned");
      return;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof OutOfMemoryError oom) {
        throw oom; // not the document's fault: the scan as a whole is out of memory
      }
      x.skip(
          member,
          Skipped.Reason.CORRUPT,
          "unreadable document: " + Extraction.message(e.getCause()));
      return;
    } catch (InterruptedException e) {
      parse.cancel(true);
      Thread.currentThread().interrupt();
      x.skip(member, Skipped.Reason.LIMIT, "interrupted while reading the document");
      return;
    }
    if (result instanceof DocumentText.Failed f) {
      x.skip(member, f.reason(), f.detail());
    } else if (result instanceof DocumentText.Text t) {
      emit(t, member, x);
    }
  }

  private static void emit(DocumentText.Text t, String member, Extraction x)
      throws Budget.LimitReached {
    List<String> pages = t.pages();
    for (String p : pages) {
      x.budget.add(p.length());
    }
    for (int i = 0; i < pages.size(); i++) {
      if (!pages.get(i).isBlank()) {
        x.emit(new Segment(member, pages.get(i), t.paged() ? i + 1 : null, null, null));
      }
    }
  }

  /** Created on first document: plain scans start no thread for it. */
  private static final class Pool {
    static final ExecutorService EXECUTOR =
        Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            r -> {
              Thread t = new Thread(r, "keyhound-document");
              t.setDaemon(true);
              return t;
            });
  }
}
