package dunes.lab.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.lab.LabState;
import dunes.lab.node.ConfigurationApi.Execution;
import dunes.lab.node.ConfigurationWorkflows.Parameter;
import dunes.lab.node.ConfigurationWorkflows.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workflow runs a vCO database holds (a node's embedded one, or the cluster's SQL Server one),
 * by execution id. With a log file every run and every deletion is one JSON line, appended before
 * the REST call that made it is answered and read back when the database opens again; null keeps
 * the runs in memory. A run's SecureString inputs have no value here either (they never had one).
 */
final class ExecutionStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Execution> runs = new LinkedHashMap<>();
  /** null: in memory */
  private final Path log;

  private ExecutionStore(Path log) {
    this.log = log;
  }

  static ExecutionStore inMemory() {
    return new ExecutionStore(null);
  }

  /** The runs kept in {@code log} (made on first write), read back now. */
  static ExecutionStore at(Path log) {
    ExecutionStore store = new ExecutionStore(log);
    LabState.lines(log).forEach(store::restore);
    store.runs.values().forEach(run -> ConfigurationApi.sequenceAtLeast(run.seq()));
    return store;
  }

  synchronized Execution get(String id) {
    return runs.get(id);
  }

  synchronized List<Execution> values() {
    return List.copyOf(runs.values());
  }

  synchronized void put(Execution run) {
    keep(JSON.createObjectNode().set("run", toJson(run)));
    runs.put(run.id(), run);
  }

  synchronized void remove(String id) {
    keep(JSON.createObjectNode().put("deleted", id));
    runs.remove(id);
  }

  private void keep(ObjectNode line) {
    if (log != null) {
      try {
        LabState.append(log, JSON.writeValueAsString(line));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write a workflow run to " + log, e);
      }
    }
  }

  private void restore(String line) {
    try {
      JsonNode entry = JSON.readTree(line);
      if (entry.has("deleted")) {
        runs.remove(entry.get("deleted").asText());
      } else {
        Execution run = fromJson(entry.get("run"));
        runs.put(run.id(), run);
      }
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalStateException("the vCO database's runs in " + log + " have an unreadable line: "
          + e.getMessage(), e);
    }
  }

  private static ObjectNode toJson(Execution run) {
    ObjectNode json = JSON.createObjectNode().put("seq", run.seq()).put("id", run.id())
        .put("workflow", run.workflow().id()).put("start", run.start().toString())
        .put("runTimeMillis", run.runTime().toMillis()).put("error", run.error())
        .put("startedBy", run.startedBy());
    ArrayNode inputs = json.putArray("inputs");
    for (Parameter input : run.inputs()) {
      inputs.addObject().put("name", input.name()).put("type", input.type()).set("value", input.value());
    }
    ObjectNode outputs = json.putObject("outputs");
    run.outputs().forEach(outputs::put);
    return json;
  }

  private static Execution fromJson(JsonNode json) {
    Workflow workflow = ConfigurationWorkflows.known(json.get("workflow").asText())
        .orElseThrow(() -> new IllegalStateException("unknown workflow " + json.get("workflow")));
    List<Parameter> inputs = new ArrayList<>();
    for (JsonNode input : json.get("inputs")) {
      String type = input.get("type").asText();
      inputs.add(new Parameter(input.get("name").asText(), type, type.equals("SecureString") ? null : input.get("value")));
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    json.get("outputs").fields().forEachRemaining(e -> outputs.put(e.getKey(), e.getValue().asText()));
    return new Execution(json.get("seq").asLong(), json.get("id").asText(), workflow,
        Instant.parse(json.get("start").asText()), Duration.ofMillis(json.get("runTimeMillis").asLong()),
        List.copyOf(inputs), json.get("error").isNull() ? null : json.get("error").asText(),
        json.get("startedBy").asText(), outputs);
  }
}
