package dev.keyhound.scanner.extract;

import java.util.function.Consumer;

/**
 * A sink that reads each segment while {@code accept} runs and keeps neither it nor its chars
 * afterwards (nor an unresolved {@link Segment.Origin}, which reads the enclosing text's chars):
 * the chars of a text decoded for it then come from a buffer its thread reuses for the next text
 * ({@link TextDecoding#decode(byte[], boolean, Consumer)}), not from an array allocated per text.
 * The scan's own sink is one; a sink that collects segments is not, and gets arrays of their own.
 */
@FunctionalInterface
public interface TransientSegments extends Consumer<Segment> {}
