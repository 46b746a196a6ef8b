package dev.keyhound.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads TOML into the tree {@code new TomlMapper().readTree(...)} gives, node for node, without an
 * {@code ObjectMapper}. Building a mapper sets up its date formats (time-zone data, locale
 * providers, {@code SimpleDateFormat}): 35-90 ms of CPU in a hook's interpreter, class data archive
 * or not, to read a {@code .keyhound.toml} that holds no date. The TOML factory alone parses the
 * file into a tree and walks it as tokens; this rebuilds the tree from those tokens as the mapper's
 * node deserializer does with its default settings ({@code TomlTreeTest} compares the two).
 */
public final class TomlTree {
  private static final TomlFactory TOML = new TomlFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private TomlTree() {}

  /**
   * The tree of {@code toml}, as {@code TomlMapper.readTree(String)} gives it; a syntax error is
   * the parser's exception, with its message and location.
   */
  public static JsonNode read(String toml) throws JsonProcessingException {
    try (JsonParser p = TOML.createParser(toml)) {
      return tree(p);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw JsonMappingException.fromUnexpectedIOE(e); // as the mapper wraps it
    }
  }

  /** The tree of a TOML file, as {@code TomlMapper.readTree(File)} gives it. */
  public static JsonNode read(File file) throws IOException {
    try (JsonParser p = TOML.createParser(file)) {
      return tree(p);
    }
  }

  /**
   * The tokens' tree, built on a stack of open containers (as the mapper's deserializer does, so
   * that nesting costs no Java stack).
   */
  private static JsonNode tree(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      return NODES.missingNode();
    }
    if (!t.isStructStart()) {
      return scalar(p, t);
    }
    ContainerNode<?> root = t == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
    Deque<ContainerNode<?>> open = new ArrayDeque<>();
    open.push(root);
    String field = null;
    while (!open.isEmpty()) {
      t = p.nextToken();
      if (t == null) {
        throw new IOException("TOML tree ended inside a container");
      }
      if (t == JsonToken.FIELD_NAME) {
        field = p.currentName();
        continue;
      }
      if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
        open.pop();
        continue;
      }
      JsonNode value =
          t == JsonToken.START_OBJECT
              ? NODES.objectNode()
              : t == JsonToken.START_ARRAY ? NODES.arrayNode() : scalar(p, t);
      ContainerNode<?> parent = open.peek();
      if (parent instanceof ObjectNode o) {
        o.replace(field, value);
      } else {
        ((ArrayNode) parent).add(value);
      }
      if (value instanceof ContainerNode<?> c) {
        open.push(c);
      }
    }
    return root;
  }

  /** A value token's node, as the mapper's node deserializer makes it by default. */
  private static JsonNode scalar(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case VALUE_STRING -> NODES.textNode(p.getText());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      case VALUE_NUMBER_INT ->
          switch (p.getNumberType()) {
            case INT -> NODES.numberNode(p.getIntValue());
            case LONG -> NODES.numberNode(p.getLongValue());
            default -> NODES.numberNode(p.getBigIntegerValue());
          };
      case VALUE_NUMBER_FLOAT ->
          switch (p.getNumberTypeFP()) {
            case BIG_DECIMAL -> NODES.numberNode(normalized(p.getDecimalValue()));
            case FLOAT32 -> NODES.numberNode(p.getFloatValue());
            default -> NODES.numberNode(p.getDoubleValue());
          };
      case VALUE_EMBEDDED_OBJECT -> embedded(p.getEmbeddedObject());
      default -> throw new IOException("unexpected token in a TOML tree: " + t);
    };
  }

  /** The mapper strips a decimal's trailing zeros (3.50 reads as 3.5) unless told otherwise. */
  private static BigDecimal normalized(BigDecimal d) {
    if (!NODES.willStripTrailingBigDecimalZeroes()) {
      return d;
    }
    try {
      return d.stripTrailingZeros();
    } catch (ArithmeticException e) {
      return d; // as the mapper does: a scale that overflows keeps its zeros
    }
  }

  private static JsonNode embedded(Object o) {
    if (o == null) {
      return NODES.nullNode();
    }
    if (o instanceof byte[] b) {
      return NODES.binaryNode(b);
    }
    if (o instanceof JsonNode n) {
      return n;
    }
    return NODES.pojoNode(o);
  }
}
