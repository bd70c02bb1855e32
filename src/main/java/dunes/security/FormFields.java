package dunes.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;

/**
 * The variables a Camunda Form (schemaVersion 16, form-js) lets a person set: the top-level names of
 * its keyed fields that are neither {@code disabled} nor {@code readonly}. Tasklist submits exactly
 * those (form-js leaves disabled fields out of its submit data); anything else a caller sends is not
 * part of the decision the form asks for. A group or list with a {@code path} nests its fields under
 * that name; a key with dots names the variable before the first dot.
 */
public final class FormFields {

  /** Components that carry no value even when a schema gives them a key. */
  private static final Set<String> WITHOUT_VALUE = Set.of("text", "html", "image", "spacer", "separator", "button",
      "iframe", "table", "documentPreview");

  private FormFields() {}

  public static Set<String> editable(JsonNode form) {
    Set<String> names = new TreeSet<>();
    collect(form.path("components"), null, names);
    return names;
  }

  private static void collect(JsonNode components, String path, Set<String> names) {
    for (JsonNode component : components) {
      if (locked(component)) {
        continue; // a disabled or read-only group locks everything in it
      }
      String nested = path != null ? path : text(component, "path");
      if (component.has("components")) {
        collect(component.get("components"), nested, names);
        continue;
      }
      String key = text(component, "key");
      if (key == null || WITHOUT_VALUE.contains(component.path("type").asText())) {
        continue;
      }
      names.add(topLevel(nested != null ? nested : key));
    }
  }

  /** {@code readonly} may be an expression ("=..."): anything but absent or false counts as read-only. */
  private static boolean locked(JsonNode component) {
    JsonNode readonly = component.path("readonly");
    return component.path("disabled").asBoolean(false)
        || !(readonly.isMissingNode() || readonly.isNull() || (readonly.isBoolean() && !readonly.asBoolean()));
  }

  private static String text(JsonNode component, String field) {
    JsonNode value = component.get(field);
    return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
  }

  private static String topLevel(String key) {
    int dot = key.indexOf('.');
    return dot < 0 ? key : key.substring(0, dot);
  }
}
