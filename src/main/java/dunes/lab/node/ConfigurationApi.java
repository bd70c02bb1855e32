package dunes.lab.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dunes.lab.LabHttp;
import dunes.lab.LabJournal;
import dunes.lab.node.ConfigurationWorkflows.Workflow;
import dunes.lab.node.LabVcoDatabase.ClusterSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.net.WWWFormCodec;

/**
 * The vCO REST API's workflow resources as the Configuration plug-in is driven through them:
 * {@code GET /vco/api/workflows?conditions=name=<name>}, {@code POST
 * /vco/api/workflows/{id}/executions} with an execution-context, {@code GET …/executions/{eid}/}
 * and {@code …/state}. Executions complete at once; the lab keeps the inputs (secrets masked) and
 * applies "Configure cluster" to the shared {@link LabVcoDatabase}. JSON shapes follow the vRO REST
 * API; that 5.5 answers identically is *unverified*.
 */
final class ConfigurationApi implements HttpHandler {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EXECUTIONS = Pattern.compile("/vco/api/workflows/([^/]+)/executions/?");
  private static final Pattern EXECUTION = Pattern.compile("/vco/api/workflows/([^/]+)/executions/([^/]+)/?(state)?/?");

  private record Execution(String id, Workflow workflow, Instant at) {}

  private final String nodeName;
  private final LabVcoDatabase database;
  private final LabJournal journal;
  private final Map<String, Execution> executions = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> lastInputs = new ConcurrentHashMap<>();

  ConfigurationApi(String nodeName, LabVcoDatabase database, LabJournal journal) {
    this.nodeName = nodeName;
    this.database = database;
    this.journal = journal;
  }

  /** Workflow name → inputs of its last run on this node, secrets as "****". */
  Map<String, Map<String, String>> lastInputs() {
    return Map.copyOf(lastInputs);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    Matcher execution = EXECUTION.matcher(path);
    Matcher executions = EXECUTIONS.matcher(path);
    if (method.equals("GET") && (path.equals("/vco/api/workflows") || path.equals("/vco/api/workflows/"))) {
      query(exchange);
    } else if (method.equals("POST") && executions.matches()) {
      execute(exchange, executions.group(1));
    } else if (method.equals("GET") && execution.matches()) {
      describe(exchange, execution.group(1), execution.group(2), execution.group(3) != null);
    } else {
      LabHttp.text(exchange, 404, "not simulated: " + method + " " + path);
    }
  }

  private void query(HttpExchange exchange) throws IOException {
    String conditions = queryParameter(exchange.getRequestURI().getRawQuery(), "conditions");
    if (conditions == null || !conditions.startsWith("name=")) {
      LabHttp.text(exchange, 400, "the lab filters workflows by conditions=name=<name> only");
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    ArrayNode links = body.putArray("link");
    for (Workflow workflow : ConfigurationWorkflows.byName(conditions.substring("name=".length()))) {
      ObjectNode link = links.addObject();
      ArrayNode attributes = link.putArray("attributes");
      attributes.addObject().put("value", workflow.id()).put("name", "id");
      attributes.addObject().put("value", workflow.name()).put("name", "name");
      link.put("href", baseUrl(exchange) + "/vco/api/workflows/" + workflow.id() + "/");
      link.put("rel", "down");
    }
    body.put("total", links.size());
    LabHttp.send(exchange, 200, "application/json", JSON.writeValueAsString(body));
  }

  private void execute(HttpExchange exchange, String workflowId) throws IOException {
    Workflow workflow = ConfigurationWorkflows.byId(workflowId).orElse(null);
    if (workflow == null) {
      LabHttp.text(exchange, 404, "no workflow with id " + workflowId);
      return;
    }
    Map<String, JsonNode> parameters;
    try {
      parameters = parameters(JSON.readTree(exchange.getRequestBody()));
      if (workflow.equals(ConfigurationWorkflows.CONFIGURE_CLUSTER)) {
        database.configure(clusterSettings(parameters));
      }
    } catch (IOException | IllegalArgumentException e) {
      LabHttp.text(exchange, 400, "invalid execution-context: " + e.getMessage());
      return;
    }
    Map<String, String> recorded = masked(parameters);
    lastInputs.put(workflow.name(), recorded);
    Execution run = new Execution(UUID.randomUUID().toString(), workflow, Instant.now());
    executions.put(run.id(), run);
    journal.record("node", nodeName, "workflow-run", workflow.name() + " " + recorded);
    exchange.getResponseHeaders().set("Location",
        baseUrl(exchange) + "/vco/api/workflows/" + workflow.id() + "/executions/" + run.id() + "/");
    exchange.sendResponseHeaders(202, -1);
  }

  private void describe(HttpExchange exchange, String workflowId, String executionId, boolean stateOnly)
      throws IOException {
    Execution run = executions.get(executionId);
    if (run == null || !run.workflow().id().equals(workflowId)) {
      LabHttp.text(exchange, 404, "no execution " + executionId + " of workflow " + workflowId);
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    if (stateOnly) {
      body.put("value", "completed");
    } else {
      body.put("id", run.id()).put("name", run.workflow().name()).put("state", "completed")
          .put("start-date", run.at().toString()).put("end-date", run.at().toString());
    }
    LabHttp.send(exchange, 200, "application/json", JSON.writeValueAsString(body));
  }

  /** execution-context: {"parameters":[{"name","type","value":{"<type>":{"value":…}}}]} */
  private static Map<String, JsonNode> parameters(JsonNode context) {
    JsonNode list = context.path("parameters");
    if (!list.isArray()) {
      throw new IllegalArgumentException("no \"parameters\" array");
    }
    Map<String, JsonNode> parameters = new LinkedHashMap<>();
    for (JsonNode parameter : list) {
      String name = parameter.path("name").asText("");
      String type = parameter.path("type").asText("");
      JsonNode value = parameter.path("value").path(type).path("value");
      if (name.isEmpty() || value.isMissingNode()) {
        throw new IllegalArgumentException("parameter '" + name + "' has no value of type '" + type + "'");
      }
      parameters.put(name, type.equals("SecureString") ? null : value);
    }
    return parameters;
  }

  /** Never log a password: SecureString values and anything named like a password are masked. */
  private static Map<String, String> masked(Map<String, JsonNode> parameters) {
    Map<String, String> recorded = new LinkedHashMap<>();
    parameters.forEach((name, value) -> recorded.put(name,
        value == null || name.toLowerCase(Locale.ROOT).contains("password") ? "****" : value.asText()));
    return recorded;
  }

  private static ClusterSettings clusterSettings(Map<String, JsonNode> parameters) {
    return new ClusterSettings(required(parameters, "clusterMode").asBoolean(),
        required(parameters, "activeNodes").asInt(),
        Duration.ofMillis(required(parameters, "heartbeatInterval").asLong()),
        required(parameters, "failoverHeartbeats").asInt());
  }

  private static JsonNode required(Map<String, JsonNode> parameters, String name) {
    JsonNode value = parameters.get(name);
    if (value == null) {
      throw new IllegalArgumentException("input '" + name + "' is required");
    }
    return value;
  }

  /** Links name the host the client asked for, as a server behind a load balancer must. */
  private static String baseUrl(HttpExchange exchange) {
    return "https://" + exchange.getRequestHeaders().getFirst("Host");
  }

  private static String queryParameter(String rawQuery, String name) {
    return rawQuery == null ? null : WWWFormCodec.parse(rawQuery, StandardCharsets.UTF_8).stream()
        .filter(pair -> pair.getName().equals(name)).map(NameValuePair::getValue).findFirst().orElse(null);
  }
}
