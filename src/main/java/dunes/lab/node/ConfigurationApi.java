package dunes.lab.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dunes.lab.LabHttp;
import dunes.lab.LabJournal;
import dunes.lab.node.ConfigurationWorkflows.Outcome;
import dunes.lab.node.ConfigurationWorkflows.Parameter;
import dunes.lab.node.ConfigurationWorkflows.Workflow;
import dunes.lab.sso.LabSsoDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.net.WWWFormCodec;

/**
 * The vCO REST API's workflow resources as the Configuration plug-in is driven through them:
 * {@code GET /vco/api/workflows?conditions=name=<name>}; {@code POST /vco/api/workflows/{id}/executions}
 * with an execution-context; {@code GET …/executions} (newest first), {@code GET …/executions/{eid}/}
 * (with the input-parameters, SecureString values left out, and a completed run's output-parameters,
 * all of type string), {@code …/state}; {@code DELETE
 * …/executions/{eid}/} of a finished run. {@link ConfigurationWorkflows} says what a run does and how
 * long it runs. Runs are kept in the database the server uses ({@link ExecutionStore}): the node's
 * embedded one on its disk, or the cluster's. JSON shapes follow the vRO REST API; that 5.5 answers
 * identically is *unverified*.
 */
final class ConfigurationApi implements HttpHandler {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DEFINITION = Pattern.compile("/vco/api/workflows/([^/]+)/?");
  private static final Pattern EXECUTIONS = Pattern.compile("/vco/api/workflows/([^/]+)/executions/?");
  private static final Pattern EXECUTION = Pattern.compile("/vco/api/workflows/([^/]+)/executions/([^/]+)/?(state)?/?");

  /** One run. Its state follows from the clock: running for {@code runTime}, then completed (or failed at once). */
  record Execution(long seq, String id, Workflow workflow, Instant start, Duration runTime,
      List<Parameter> inputs, String error, String startedBy, Map<String, String> outputs) {

    String state(Instant now) {
      if (error != null) {
        return "failed";
      }
      return now.isBefore(start.plus(runTime)) ? "running" : "completed";
    }

    Instant end() {
      return start.plus(runTime);
    }
  }

  private final String nodeName;
  private final LabJournal journal;
  private final ConfigurationWorkflows workflows;
  /** lab-wide, so runs of several nodes in one database list in the order they were posted */
  private static final AtomicLong SEQUENCE = new AtomicLong();
  /** the embedded database's runs, a lab file of its own beside the server's configuration (the real store is *unverified*) */
  static final String EMBEDDED_RUNS = "dunes-lab-embedded-runs.jsonl";
  private final LabVcoDatabase database;
  /** the runs in the node's embedded database, until vco-server starts with SQL Server */
  private final ExecutionStore embedded;
  private final Map<String, Map<String, String>> lastInputs = new ConcurrentHashMap<>();

  /**
   * @param serverDir the directory of the server's configuration on the node's disk, where the lab
   *     keeps what the configurator's workflows set and the embedded database's runs; null keeps
   *     them in memory
   */
  ConfigurationApi(String nodeName, LabVcoDatabase database, LabJournal journal, LabSsoDirectory sso,
      Path serverDir) {
    this.nodeName = nodeName;
    this.journal = journal;
    this.database = database;
    this.workflows = new ConfigurationWorkflows(database, sso, serverDir);
    this.embedded = serverDir == null ? ExecutionStore.inMemory()
        : ExecutionStore.at(serverDir.resolve(EMBEDDED_RUNS));
  }

  /** A run number above every kept one, so runs made after a restart list as newer. */
  static void sequenceAtLeast(long seq) {
    SEQUENCE.accumulateAndGet(seq, Math::max);
  }

  /** The runs of the database the server uses now: its embedded one, or the cluster's SQL Server one. */
  private ExecutionStore executions() {
    return workflows.usesClusterDatabase() ? database.executions() : embedded;
  }

  /** What the runs did to this node (its package-signing certificate, trusted hosts, plug-ins…). */
  ConfigurationWorkflows workflows() {
    return workflows;
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
    Matcher definition = DEFINITION.matcher(path);
    if (method.equals("GET") && (path.equals("/vco/api/workflows") || path.equals("/vco/api/workflows/"))) {
      query(exchange);
    } else if (method.equals("GET") && definition.matches()) {
      define(exchange, definition.group(1));
    } else if (method.equals("POST") && executions.matches()) {
      execute(exchange, executions.group(1));
    } else if (method.equals("GET") && executions.matches()) {
      list(exchange, executions.group(1));
    } else if (method.equals("GET") && execution.matches()) {
      describe(exchange, execution.group(1), execution.group(2), execution.group(3) != null);
    } else if (method.equals("DELETE") && execution.matches() && execution.group(3) == null) {
      delete(exchange, execution.group(1), execution.group(2));
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
    for (Workflow workflow : workflows.byName(conditions.substring("name=".length()))) {
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

  /** A workflow's definition, as the docs' step 2 reads it: {@code GET /vco/api/workflows/{id}/} (id, name, href). */
  private void define(HttpExchange exchange, String workflowId) throws IOException {
    Workflow workflow = workflows.byId(workflowId).orElse(null);
    if (workflow == null) {
      LabHttp.text(exchange, 404, "no workflow with id " + workflowId);
      return;
    }
    ObjectNode body = JSON.createObjectNode().put("id", workflow.id()).put("name", workflow.name())
        .put("href", baseUrl(exchange) + "/vco/api/workflows/" + workflow.id() + "/");
    LabHttp.send(exchange, 200, "application/json", JSON.writeValueAsString(body));
  }

  private void execute(HttpExchange exchange, String workflowId) throws IOException {
    Workflow workflow = workflows.byId(workflowId).orElse(null);
    if (workflow == null) {
      LabHttp.text(exchange, 404, "no workflow with id " + workflowId);
      return;
    }
    Map<String, Parameter> parameters;
    Outcome outcome;
    try {
      JsonNode context = JSON.readTree(exchange.getRequestBody());
      parameters = parameters(context);
      outcome = workflows.run(workflow, parameters, secureValues(context));
    } catch (IOException | IllegalArgumentException e) {
      LabHttp.text(exchange, 400, "invalid execution-context: " + e.getMessage());
      return;
    }
    Map<String, String> recorded = masked(parameters);
    lastInputs.put(workflow.name(), recorded);
    Execution run = new Execution(SEQUENCE.incrementAndGet(), UUID.randomUUID().toString().replace("-", ""),
        workflow, Instant.now(), outcome.runTime(), List.copyOf(parameters.values()), outcome.error(),
        exchange.getPrincipal() == null ? "" : exchange.getPrincipal().getUsername(), outcome.outputs());
    executions().put(run);
    journal.record("node", nodeName, "workflow-run", workflow.name() + " " + recorded
        + (outcome.error() == null ? "" : " failed: " + outcome.error()));
    journal.imposed("node", nodeName, "workflow " + workflow.name(), run.start(), run.runTime());
    exchange.getResponseHeaders().set("Location", executionHref(exchange, run));
    exchange.sendResponseHeaders(202, -1);
  }

  /** vRO's list of a workflow's runs: relations.link, one "down" link per run, newest first. */
  private void list(HttpExchange exchange, String workflowId) throws IOException {
    if (workflows.byId(workflowId).isEmpty()) {
      LabHttp.text(exchange, 404, "no workflow with id " + workflowId);
      return;
    }
    Instant now = Instant.now();
    String self = baseUrl(exchange) + "/vco/api/workflows/" + workflowId + "/executions/";
    ObjectNode body = JSON.createObjectNode();
    ObjectNode relations = body.putObject("relations");
    ArrayNode links = relations.putArray("link");
    links.addObject().put("href", self).put("rel", "add");
    List<Execution> runs = executions().values().stream().filter(run -> run.workflow().id().equals(workflowId))
        .sorted(Comparator.comparingLong(Execution::seq).reversed()).toList();
    for (Execution run : runs) {
      ObjectNode link = links.addObject();
      link.put("href", executionHref(exchange, run)).put("rel", "down");
      ArrayNode attributes = link.putArray("attributes");
      attributes.addObject().put("name", "id").put("value", run.id());
      attributes.addObject().put("name", "name").put("value", run.workflow().name());
      attributes.addObject().put("name", "state").put("value", run.state(now));
      attributes.addObject().put("name", "startedBy").put("value", run.startedBy());
      attributes.addObject().put("name", "startDate").put("value", run.start().toString());
      if (!run.state(now).equals("running")) {
        attributes.addObject().put("name", "endDate").put("value", run.end().toString());
      }
    }
    relations.put("total", runs.size());
    body.put("href", self);
    LabHttp.send(exchange, 200, "application/json", JSON.writeValueAsString(body));
  }

  private void describe(HttpExchange exchange, String workflowId, String executionId, boolean stateOnly)
      throws IOException {
    Execution run = executions().get(executionId);
    if (run == null || !run.workflow().id().equals(workflowId)) {
      LabHttp.text(exchange, 404, "no execution " + executionId + " of workflow " + workflowId);
      return;
    }
    Instant now = Instant.now();
    String state = run.state(now);
    ObjectNode body = JSON.createObjectNode();
    if (stateOnly) {
      body.put("value", state);
    } else {
      body.put("id", run.id()).put("name", run.workflow().name()).put("state", state)
          .put("href", executionHref(exchange, run)).put("started-by", run.startedBy())
          .put("start-date", run.start().toString());
      if (!state.equals("running")) {
        body.put("end-date", run.end().toString());
      }
      if (run.error() != null) {
        body.put("content-exception", run.error());
      }
      ArrayNode inputs = body.putArray("input-parameters");
      for (Parameter input : run.inputs()) {
        ObjectNode parameter = inputs.addObject().put("name", input.name()).put("type", input.type()).put("scope", "local");
        ObjectNode typed = parameter.putObject("value").putObject(input.type());
        if (!input.secure()) { // a SecureString keeps its name and type, never its value
          typed.set("value", input.value());
        }
      }
      ArrayNode outputs = body.putArray("output-parameters");
      if (state.equals("completed")) { // the same shape as the inputs; the lab's outputs are all strings
        run.outputs().forEach((name, value) -> outputs.addObject().put("name", name).put("type", "string")
            .put("scope", "local").putObject("value").putObject("string").put("value", value));
      }
    }
    LabHttp.send(exchange, 200, "application/json", JSON.writeValueAsString(body));
  }

  /** The operator's way to make a workflow run again: remove its record (a running one stays). */
  private void delete(HttpExchange exchange, String workflowId, String executionId) throws IOException {
    Execution run = executions().get(executionId);
    if (run == null || !run.workflow().id().equals(workflowId)) {
      LabHttp.text(exchange, 404, "no execution " + executionId + " of workflow " + workflowId);
      return;
    }
    if (run.state(Instant.now()).equals("running")) {
      LabHttp.text(exchange, 409, "execution " + executionId + " of '" + run.workflow().name()
          + "' is running; it can be deleted once it ends");
      return;
    }
    executions().remove(executionId);
    journal.record("node", nodeName, "execution-deleted", run.workflow().name() + " " + executionId);
    exchange.sendResponseHeaders(204, -1);
  }

  /** execution-context: {"parameters":[{"name","type","value":{"<type>":{"value":…}}}]} */
  private static Map<String, Parameter> parameters(JsonNode context) {
    JsonNode list = context.path("parameters");
    if (!list.isArray()) {
      throw new IllegalArgumentException("no \"parameters\" array");
    }
    Map<String, Parameter> parameters = new LinkedHashMap<>();
    for (JsonNode parameter : list) {
      String name = parameter.path("name").asText("");
      String type = parameter.path("type").asText("");
      JsonNode value = parameter.path("value").path(type).path("value");
      if (name.isEmpty() || value.isMissingNode()) {
        throw new IllegalArgumentException("parameter '" + name + "' has no value of type '" + type + "'");
      }
      parameters.put(name, new Parameter(name, type, type.equals("SecureString") ? null : value));
    }
    return parameters;
  }

  /** SecureString values, for the run to check and forget: never kept with the execution. */
  private static Map<String, String> secureValues(JsonNode context) {
    Map<String, String> values = new LinkedHashMap<>();
    for (JsonNode parameter : context.path("parameters")) {
      if (parameter.path("type").asText("").equals("SecureString")) {
        values.put(parameter.path("name").asText(""), parameter.path("value").path("SecureString").path("value").asText());
      }
    }
    return values;
  }

  /** Never log a password: SecureString values and anything named like a password are masked. */
  private static Map<String, String> masked(Map<String, Parameter> parameters) {
    Map<String, String> recorded = new LinkedHashMap<>();
    parameters.forEach((name, input) -> recorded.put(name,
        input.secure() || name.toLowerCase(Locale.ROOT).contains("password") ? "****" : input.value().asText()));
    return recorded;
  }

  private static String executionHref(HttpExchange exchange, Execution run) {
    return baseUrl(exchange) + "/vco/api/workflows/" + run.workflow().id() + "/executions/" + run.id() + "/";
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
