package dunes.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The build request's fields as the start form {@code build-request} names them: one flat variable
 * per field, {@value #PREFIX} + the field's path with {@code _} between its parts and a list's
 * index as a part ({@code request_vcenter_url}, {@code request_nodes_2_ip},
 * {@code request_network_dns_0}). Flat primitives because Tasklist submits a form-js object as a
 * {@code Json} variable, which the engine reads only with Camunda Spin; one prefix because the
 * history filter ({@link RawRequestOutOfHistory}) keeps them all out of history.
 *
 * <p>A field left empty is absent from the request, and so is a list entry left wholly empty: node
 * rows 3 and 4 of the form are no nodes unless filled. A field error of the request (paths of the
 * compacted lists, {@code nodes[1].ip}) is turned back into the form's key, so it names the row the
 * person filled.
 */
public final class StartFormFields {

  public static final String PREFIX = "request_";

  private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

  private final ObjectNode request;
  /** Per list path ("nodes"), the form's index of each entry kept, in order. */
  private final Map<String, List<Integer>> kept;

  private StartFormFields(ObjectNode request, Map<String, List<Integer>> kept) {
    this.request = request;
    this.kept = kept;
  }

  public static boolean isField(String variable) {
    return variable.startsWith(PREFIX) && variable.length() > PREFIX.length();
  }

  /** The request the form's variables ({@code request_...} names, any other left out) describe. */
  public static StartFormFields of(Map<String, ?> variables) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    new TreeMap<>(variables).forEach((name, value) -> {
      JsonNode json = value(value);
      if (isField(name) && json != null) {
        put(root, List.of(name.substring(PREFIX.length()).split("_", -1)), json);
      }
    });
    Map<String, List<Integer>> kept = new LinkedHashMap<>();
    compact(root, "", kept);
    return new StartFormFields(root, kept);
  }

  public String json() {
    return request.toString();
  }

  /** The form's variable for a field error's path ({@code nodes[1].ip} → {@code request_nodes_2_ip}), if the form has one. */
  public String formKey(String field) {
    StringBuilder path = new StringBuilder();
    StringBuilder key = new StringBuilder(PREFIX);
    for (String part : field.split("\\.")) {
      Matcher index = INDEX.matcher(part);
      String name = index.find() ? part.substring(0, index.start()) : part;
      path.append(path.isEmpty() ? "" : ".").append(name);
      key.append(key.length() == PREFIX.length() ? "" : "_").append(name);
      for (index.reset(); index.find(); ) {
        int at = Integer.parseInt(index.group(1));
        List<Integer> rows = kept.getOrDefault(path.toString(), List.of());
        key.append('_').append(at < rows.size() ? rows.get(at) : at);
        path.append('[').append(at).append(']');
      }
    }
    return key.toString();
  }

  /**
   * A form value as JSON; null for nothing entered. An unchecked checkbox is nothing entered: every
   * flag of the request is false when absent, and the request then reads as the API's would.
   */
  private static JsonNode value(Object value) {
    if (value == null || (value instanceof String text && text.isBlank()) || Boolean.FALSE.equals(value)) {
      return null;
    }
    if (value instanceof String text) {
      return JsonNodeFactory.instance.textNode(text.strip());
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return JsonNodeFactory.instance.numberNode(((Number) value).longValue());
    }
    if (value instanceof Double number && number == Math.rint(number) && !number.isInfinite()) {
      return JsonNodeFactory.instance.numberNode(number.longValue()); // form-js numbers may come as 2222.0
    }
    if (value instanceof Number number) {
      return JsonNodeFactory.instance.numberNode(number.doubleValue()); // the validator says what is wrong with it
    }
    if (value instanceof Boolean) {
      return JsonNodeFactory.instance.booleanNode(true);
    }
    return JsonNodeFactory.instance.textNode(value.toString());
  }

  private static void put(JsonNode container, List<String> parts, JsonNode value) {
    String part = parts.get(0);
    boolean last = parts.size() == 1;
    boolean nextIsIndex = !last && parts.get(1).matches("\\d{1,3}");
    JsonNode child = nextIsIndex ? JsonNodeFactory.instance.arrayNode() : JsonNodeFactory.instance.objectNode();
    if (container instanceof ArrayNode list) {
      int index = Integer.parseInt(part);
      while (list.size() <= index) {
        list.addNull();
      }
      if (last) {
        list.set(index, value);
        return;
      }
      if (list.get(index).isNull()) {
        list.set(index, child);
      }
      put(list.get(index), parts.subList(1, parts.size()), value);
      return;
    }
    ObjectNode object = (ObjectNode) container;
    if (last) {
      object.set(part, value);
      return;
    }
    if (!object.has(part)) {
      object.set(part, child);
    }
    put(object.get(part), parts.subList(1, parts.size()), value);
  }

  /** Drops empty list entries (a row left empty) and records which form index each kept entry had. */
  private static void compact(JsonNode node, String path, Map<String, List<Integer>> kept) {
    if (node instanceof ObjectNode object) {
      object.properties().forEach(e -> compact(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), kept));
    } else if (node instanceof ArrayNode list) {
      List<Integer> rows = new ArrayList<>();
      List<JsonNode> entries = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        if (!list.get(i).isNull() && !(list.get(i).isObject() && list.get(i).isEmpty())) {
          rows.add(i);
          entries.add(list.get(i));
        }
      }
      list.removeAll();
      list.addAll(entries);
      kept.put(path, List.copyOf(rows));
      for (int i = 0; i < list.size(); i++) {
        compact(list.get(i), path + "[" + i + "]", kept);
      }
    }
  }
}
