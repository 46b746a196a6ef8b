package dev.keyhound.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An issuer's key object as validation returned it: the fields keyhound acts on, plus the whole
 * object as given (unknown fields kept) so that events can pass it on unchanged.
 */
public record ApiKey(
    String id,
    Owner owner,
    String name,
    String obfuscatedValue,
    List<String> permissions,
    ObjectNode raw) {

  /** Who a key belongs to: a user (within an organization) or an organization itself. */
  public record Owner(String type, String id, String organizationId) {
    public Owner {
      Objects.requireNonNull(type, "owner type");
      Objects.requireNonNull(id, "owner id");
    }
  }

  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    permissions = List.copyOf(permissions);
    raw = raw.deepCopy();
  }

  /**
   * Reads a key object leniently; fails only without the id and owner that revocation and routing
   * need.
   */
  public static ApiKey parse(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("api_key is not an object: " + node);
    }
    String id = text(node, "id");
    JsonNode o = node.path("owner");
    if (id == null || !o.isObject() || text(o, "type") == null || text(o, "id") == null) {
      throw new IllegalArgumentException("api_key lacks id or owner {type, id}");
    }
    String org = text(o, "organization_id");
    if (org == null && "organization".equals(text(o, "type"))) {
      org = text(o, "id");
    }
    List<String> perms = new ArrayList<>();
    node.path("permissions").forEach(p -> perms.add(p.asText()));
    return new ApiKey(
        id,
        new Owner(text(o, "type"), text(o, "id"), org),
        text(node, "name"),
        text(node, "obfuscated_value"),
        perms,
        (ObjectNode) node);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
