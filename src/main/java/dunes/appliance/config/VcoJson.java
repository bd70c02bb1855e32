package dunes.appliance.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.appliance.config.ExecutionState.Status;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The JSON of vCO's workflow resources as the vRO REST API documents them (that 5.5 answers
 * identically is *unverified*): the workflow query's {@code link[]}, a workflow's executions under
 * {@code relations.link[]}, one execution with its {@code input-parameters}, the execution-context.
 * Fields beyond these are ignored; a missing one is an error that names the expected shape.
 */
final class VcoJson {

  static final String WORKFLOWS_SHAPE = "{\"link\":[{\"attributes\":[{\"name\":\"id\",\"value\":…},{\"name\":\"name\",\"value\":…}]}]}";
  static final String EXECUTIONS_SHAPE = "{\"relations\":{\"link\":[{\"href\":…,\"rel\":\"down\",\"attributes\":"
      + "[{\"name\":\"id\",…},{\"name\":\"state\",…},{\"name\":\"startDate\",…}]}]}}";
  static final String EXECUTION_SHAPE = "{\"state\":…,\"input-parameters\":[{\"name\",\"type\",\"value\":{\"<type>\":{\"value\":…}}}],"
      + "\"output-parameters\":[…the same…]}";

  /** A workflow the query found. */
  record WorkflowLink(String id, String name) {}

  /** One run in a workflow's list. {@code startDate} is null when vCO gives none that parses. */
  record ExecutionLink(String id, String href, Status status, OffsetDateTime startDate) {}

  /** An input as an execution recorded it; {@code value} is null when absent (a SecureString's). */
  record RecordedInput(String type, JsonNode value) {}

  /**
   * One execution as {@code GET …/executions/{id}/} shows it.
   *
   * @param outputs its output-parameters with a value, name → the value as text
   */
  record Execution(String name, Status status, String error, Map<String, RecordedInput> inputs,
      Map<String, String> outputs) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private VcoJson() {}

  static final String ABOUT_SHAPE = "{\"version\":…,\"api-version\":…}";

  /** {@code GET /vco/api/about}: the server's {@code version} (vRO's answer; 5.5's fields *unverified*). */
  static String version(String body, String where) {
    JsonNode version = object(body, where, ABOUT_SHAPE).get("version");
    if (version == null || !version.isTextual() || version.asText().isBlank()) {
      throw unexpected(where, ABOUT_SHAPE, "no 'version'");
    }
    return version.asText();
  }

  /** A workflow's definition ({@code GET /vco/api/workflows/{id}/}): its {@code name}, null when it gives none. */
  static String workflowName(String body, String where) {
    JsonNode name = object(body, where, "{\"id\":…,\"name\":…}").get("name");
    return name == null || !name.isTextual() ? null : name.asText();
  }

  static final String PLUGINS_SHAPE = "{\"link\":[{\"attributes\":[{\"name\":\"name\",\"value\":…}]}]}";

  /**
   * {@code GET /vco/api/plugins}: each plug-in's {@code name} (or {@code moduleName}) from vRO's
   * {@code link[].attributes} envelope, or the flat {@code plugin[]}/{@code plugins[]} later versions
   * answer (5.5's shape *unverified*).
   */
  static List<String> plugins(String body, String where) {
    JsonNode root = object(body, where, PLUGINS_SHAPE);
    List<String> names = new ArrayList<>();
    JsonNode links = root.get("link");
    if (links != null && links.isArray()) {
      for (JsonNode link : links) {
        Map<String, String> attributes = attributes(link);
        String name = attributes.getOrDefault("name", attributes.get("moduleName"));
        if (name != null) {
          names.add(name);
        }
      }
      return names;
    }
    for (String flat : List.of("plugin", "plugins")) {
      JsonNode list = root.get(flat);
      if (list != null && list.isArray()) {
        list.forEach(plugin -> names.add(plugin.path("moduleName").asText(plugin.path("name").asText())));
        return names;
      }
    }
    throw unexpected(where, PLUGINS_SHAPE, "no 'link' array");
  }

  static List<WorkflowLink> workflows(String body, String where) {
    JsonNode links = object(body, where, WORKFLOWS_SHAPE).get("link");
    if (links == null || !links.isArray()) {
      throw unexpected(where, WORKFLOWS_SHAPE, "no 'link' array");
    }
    List<WorkflowLink> found = new ArrayList<>();
    for (JsonNode link : links) {
      Map<String, String> attributes = attributes(link);
      String id = attributes.get("id");
      String name = attributes.get("name");
      if (id == null || name == null) {
        throw unexpected(where, WORKFLOWS_SHAPE, "a link without an 'id' or 'name' attribute");
      }
      found.add(new WorkflowLink(id, name));
    }
    return found;
  }

  /**
   * The runs, newest first: by {@code startDate} when every run has one, else in vCO's own order
   * (newest first, as vRO lists them; *unverified* for 5.5).
   */
  static List<ExecutionLink> executions(String body, String where) {
    JsonNode links = object(body, where, EXECUTIONS_SHAPE).path("relations").get("link");
    if (links == null || !links.isArray()) {
      throw unexpected(where, EXECUTIONS_SHAPE, "no 'relations.link' array");
    }
    List<ExecutionLink> runs = new ArrayList<>();
    for (JsonNode link : links) {
      if (!"down".equals(link.path("rel").asText())) {
        continue; // the "add" link (POST here) and the like
      }
      Map<String, String> attributes = attributes(link);
      String id = attributes.get("id");
      String state = attributes.get("state");
      String href = link.path("href").asText("");
      if (id == null || state == null || href.isEmpty()) {
        throw unexpected(where, EXECUTIONS_SHAPE, "a run without 'href', 'id' or 'state'");
      }
      runs.add(new ExecutionLink(id, href, status(state, where), date(attributes.get("startdate"))));
    }
    if (runs.stream().allMatch(run -> run.startDate() != null)) {
      runs.sort(Comparator.comparing(ExecutionLink::startDate).reversed());
    }
    return runs;
  }

  static Execution execution(String body, String where) {
    JsonNode execution = object(body, where, EXECUTION_SHAPE);
    JsonNode state = execution.get("state");
    if (state == null || !state.isTextual()) {
      throw unexpected(where, EXECUTION_SHAPE, "no 'state'");
    }
    Map<String, RecordedInput> inputs = parameters(execution, "input-parameters", where);
    Map<String, String> outputs = new LinkedHashMap<>();
    parameters(execution, "output-parameters", where).forEach((name, output) -> {
      if (output.value() != null && output.value().isValueNode() && !output.value().isNull()) {
        outputs.put(name, output.value().asText());
      }
    });
    JsonNode error = execution.get("content-exception");
    return new Execution(execution.path("name").asText(""), status(state.asText(), where),
        error == null || error.isNull() ? null : error.asText(), inputs, outputs);
  }

  /** {@code [{"name","type","value":{"<type>":{"value":…}}}]} under {@code field}; absent or null: none. */
  private static Map<String, RecordedInput> parameters(JsonNode execution, String field, String where) {
    Map<String, RecordedInput> parameters = new LinkedHashMap<>();
    JsonNode list = execution.path(field);
    if (!list.isMissingNode() && !list.isNull()) {
      if (!list.isArray()) {
        throw unexpected(where, EXECUTION_SHAPE, "'" + field + "' is not an array");
      }
      for (JsonNode parameter : list) {
        String name = parameter.path("name").asText("");
        String type = parameter.path("type").asText("");
        if (name.isEmpty() || type.isEmpty()) {
          throw unexpected(where, EXECUTION_SHAPE, "a parameter of '" + field + "' without 'name' or 'type'");
        }
        parameters.put(name, new RecordedInput(type, parameter.path("value").path(type).get("value")));
      }
    }
    return parameters;
  }

  /**
   * vCO's execution states: running, waiting and waiting-signal (not ended), completed, failed and
   * canceled. Anything else is not understood.
   */
  static Status status(String state, String where) {
    return switch (state.toLowerCase(Locale.ROOT)) {
      case "running", "waiting", "waiting-signal", "suspended" -> Status.RUNNING;
      case "completed" -> Status.COMPLETED;
      case "failed", "canceled", "cancelled" -> Status.FAILED;
      default -> throw new VcoProtocolException(where + " reported execution state '" + state
          + "', expected running, waiting, waiting-signal, completed, failed or canceled");
    };
  }

  /**
   * Same configuration: every desired input was recorded with the same type and value; a
   * SecureString only needs to be present (its value is never shown back). Recorded inputs that
   * are not desired do not count.
   */
  static boolean sameInputs(List<Input> desired, Map<String, RecordedInput> recorded) {
    for (Input input : desired) {
      RecordedInput was = recorded.get(input.name());
      if (was == null || !was.type().equalsIgnoreCase(input.type().wireName())) {
        return false;
      }
      if (!input.secure() && !sameValue(input, was.value())) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameValue(Input input, JsonNode value) {
    if (value == null) {
      return false;
    }
    return switch (input.type()) {
      case STRING -> value.isTextual() && value.asText().equals(input.value());
      case NUMBER -> value.isNumber() && value.decimalValue().compareTo((BigDecimal) input.value()) == 0;
      case BOOLEAN -> value.isBoolean() && Objects.equals(value.asBoolean(), input.value());
      case SECURE_STRING -> true;
    };
  }

  /**
   * {"parameters":[{"name","type","scope":"local","value":{"<type>":{"value":…}}}]}. SecureString
   * values come from {@code reveal}, called here and nowhere else; the body must go to vCO only.
   */
  static String context(List<Input> inputs, Function<ForwardedSecret, String> reveal) {
    ObjectNode context = JSON.createObjectNode();
    ArrayNode parameters = context.putArray("parameters");
    for (Input input : inputs) {
      ObjectNode parameter = parameters.addObject()
          .put("name", input.name()).put("type", input.type().wireName()).put("scope", "local");
      ObjectNode typed = parameter.putObject("value").putObject(input.type().wireName());
      switch (input.type()) {
        case STRING -> typed.put("value", (String) input.value());
        case NUMBER -> typed.put("value", (BigDecimal) input.value());
        case BOOLEAN -> typed.put("value", (Boolean) input.value());
        case SECURE_STRING -> typed.put("value", reveal.apply((ForwardedSecret) input.value()));
      }
    }
    try {
      return JSON.writeValueAsString(context);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an execution-context", e);
    }
  }

  /** Attribute name → value, names in lower case (vRO writes "StartDate" in places, "startDate" in others). */
  private static Map<String, String> attributes(JsonNode link) {
    Map<String, String> attributes = new LinkedHashMap<>();
    for (JsonNode attribute : link.path("attributes")) {
      JsonNode name = attribute.get("name");
      JsonNode value = attribute.get("value");
      if (name != null && name.isTextual() && value != null && !value.isNull()) {
        attributes.putIfAbsent(name.asText().toLowerCase(Locale.ROOT), value.asText());
      }
    }
    return attributes;
  }

  private static OffsetDateTime date(String text) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static JsonNode object(String body, String where, String shape) {
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new VcoProtocolException(where + " answered " + describe(body) + ", expected JSON " + shape, e);
    }
    if (node == null || !node.isObject()) {
      throw unexpected(where, shape, "not a JSON object");
    }
    return node;
  }

  private static VcoProtocolException unexpected(String where, String shape, String problem) {
    return new VcoProtocolException(where + " answered JSON Dunes does not understand (" + problem
        + "), expected " + shape);
  }

  /** What came instead of JSON, briefly: "an HTML page", "an empty body" or its first characters. */
  static String describe(String body) {
    String trimmed = body == null ? "" : body.strip();
    if (trimmed.isEmpty()) {
      return "an empty body";
    }
    if (trimmed.regionMatches(true, 0, "<!doctype html", 0, 14) || trimmed.regionMatches(true, 0, "<html", 0, 5)) {
      return "an HTML page";
    }
    String start = trimmed.length() > 40 ? trimmed.substring(0, 40) + "…" : trimmed;
    return "something that is not JSON ('" + start.replaceAll("[\\p{Cc}\\uFFFD]", "?") + "')";
  }
}
