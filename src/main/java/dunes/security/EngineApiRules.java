package dunes.security;

import com.fasterxml.jackson.databind.JsonNode;
import dunes.build.BuildVariables;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * What a caller may send to the engine's REST API (Dunes's {@code /engine-rest} and the webapps'
 * own {@code /camunda/api/engine}), beyond what authorizations say; docs/security.md, "Four eyes
 * and completions". Every decision a person makes is a form: a completion ({@code complete},
 * {@code submit-form}, {@code resolve}) or a start (by REST, start form or start message) may set
 * only the variables its form lets a person edit, whoever calls (the build's start message: the
 * request alone, {@link BuildVariables#START_VARIABLES}). Writing variables, modifying or
 * restarting instances, ending tasks other than by their form, starting at another activity and
 * sending variables with a message or signal that starts nothing are for {@code camunda-admin} only.
 */
@Component
class EngineApiRules {

  /**
   * A call: its method, the path below the engine ({@code task/42/complete}), its JSON body, the
   * authenticated user (null when none) and whether an admin makes it.
   */
  record Call(String method, List<String> path, Body body, String user, boolean admin) {}

  /** The call's JSON body, read only when a rule needs it. */
  interface Body {
    JsonNode json();
  }

  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
  private static final Set<String> VARIABLE_SEGMENTS = Set.of("variables", "localvariables", "variables-async");
  private static final Set<String> COMPLETIONS = Set.of("complete", "submit-form", "resolve");
  private static final Set<String> STARTS = Set.of("start", "submit-form");
  private static final List<String> MESSAGE_VARIABLES = List.of("processVariables", "processVariablesLocal",
      "processVariablesToTriggeredScope");

  private final DeployedForms forms;
  private final FourEyesRule fourEyes;

  EngineApiRules(DeployedForms forms, FourEyesRule fourEyes) {
    this.forms = forms;
    this.fourEyes = fourEyes;
  }

  Optional<EngineApiRefusal> check(Call call) {
    if (READS.contains(call.method()) || call.path().isEmpty()) {
      return Optional.empty();
    }
    List<String> path = call.path().stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    if (!call.admin()) {
      Optional<String> adminOnly = adminOnly(path);
      if (adminOnly.isPresent()) {
        return Optional.of(EngineApiRefusal.forbidden(adminOnly.get() + " is for camunda-admin only: a build changes"
            + " only through its own steps and the forms of its tasks"));
      }
    }
    String resource = path.get(0);
    String last = path.get(path.size() - 1);
    if (resource.equals("task") && path.size() == 3 && COMPLETIONS.contains(last)) {
      return completion(call.path().get(1), call);
    }
    if (resource.equals("process-definition") && STARTS.contains(last)) {
      return start(call);
    }
    if (path.equals(List.of("message"))) {
      return message(call);
    }
    if ((path.equals(List.of("signal")) || path.equals(List.of("condition"))) && !call.admin()
        && !names(call.body().json(), "variables").isEmpty()) {
      return Optional.of(EngineApiRefusal.forbidden("variables with a " + resource + " are for camunda-admin only"));
    }
    return Optional.empty();
  }

  /** What only an admin may do, named for the refusal; empty when the path is none of it. */
  private static Optional<String> adminOnly(List<String> path) {
    String resource = path.get(0);
    String last = path.get(path.size() - 1);
    if (path.stream().anyMatch(VARIABLE_SEGMENTS::contains)) {
      return Optional.of("writing variables");
    }
    if (resource.equals("modification") || resource.equals("migration")
        || (resource.equals("process-instance") && (path.contains("modification") || path.contains("modification-async")))) {
      return Optional.of("modifying or migrating process instances");
    }
    if (resource.equals("process-definition") && (last.equals("restart") || last.equals("restart-async"))) {
      return Optional.of("restarting process instances");
    }
    if (resource.equals("task") && (last.equals("bpmnerror") || last.equals("bpmnescalation"))) {
      return Optional.of("ending a task with a BPMN error or escalation");
    }
    if (resource.equals("execution") && (last.equals("signal") || last.equals("trigger"))) {
      return Optional.of("signalling an execution or triggering its message subscription");
    }
    return Optional.empty();
  }

  private Optional<EngineApiRefusal> completion(String taskId, Call call) {
    Optional<DeployedForms.TaskForm> form = forms.ofTask(taskId);
    if (form.isEmpty()) {
      return Optional.empty(); // no such task: the engine says so
    }
    Optional<EngineApiRefusal> fields = refuseOthers(names(call.body().json(), "variables"), form.get().fields(),
        "'" + form.get().taskName() + "' (task " + taskId + ") accepts only the fields of its form");
    if (fields.isPresent() || !form.get().fourEyes() || call.user() == null) {
      return fields;
    }
    // the listener refuses the same inside the engine, which wraps it into a 500
    return fourEyes.refusal(form.get().taskName(), form.get().build(), call.user())
        .map(refusal -> EngineApiRefusal.forbidden(refusal + ". Nothing was changed."));
  }

  private Optional<EngineApiRefusal> start(Call call) {
    JsonNode body = call.body().json();
    boolean elsewhere = body.path("startInstructions").size() > 0 || body.path("skipCustomListeners").asBoolean(false)
        || body.path("skipIoMappings").asBoolean(false);
    if (elsewhere && !call.admin()) {
      return Optional.of(EngineApiRefusal.forbidden("starting at another activity or skipping listeners or input"
          + " mappings is for camunda-admin only"));
    }
    Optional<String> definition = definition(call.path());
    if (definition.isEmpty()) {
      return Optional.empty(); // no such definition: the engine says so
    }
    return refuseOthers(names(body, "variables"), forms.ofStart(definition.get()),
        "a start accepts only the fields of the start form");
  }

  private Optional<EngineApiRefusal> message(Call call) {
    JsonNode body = call.body().json();
    Set<String> sent = new TreeSet<>();
    for (String field : MESSAGE_VARIABLES) {
      sent.addAll(names(body, field));
    }
    if (sent.isEmpty()) {
      return Optional.empty();
    }
    String name = body.path("messageName").asText("");
    List<String> started = forms.startedBy(name);
    if (started.isEmpty()) {
      return call.admin() ? Optional.empty() : Optional.of(EngineApiRefusal.forbidden("variables with message '" + name
          + "', which starts no process, are for camunda-admin only"));
    }
    Set<String> fields = new TreeSet<>();
    if (name.equals(BuildVariables.MSG_BUILD_REQUESTED)) {
      fields.addAll(BuildVariables.START_VARIABLES); // change management's: the request as one JSON string
    } else {
      started.forEach(definition -> fields.addAll(forms.ofStart(definition)));
    }
    return refuseOthers(sent, fields, "message '" + name + "' starts a process and accepts only "
        + (name.equals(BuildVariables.MSG_BUILD_REQUESTED) ? "the build request" : "the fields of its start form"));
  }

  /** {@code process-definition/{id}/start}, {@code .../key/{key}/start}, {@code .../key/{key}/tenant-id/{tenant}/start}. */
  private Optional<String> definition(List<String> path) {
    if (path.size() == 3) {
      return Optional.of(path.get(1));
    }
    if (path.size() == 4 && path.get(1).equalsIgnoreCase("key")) {
      return forms.definitionOf(path.get(2), null);
    }
    if (path.size() == 6 && path.get(1).equalsIgnoreCase("key") && path.get(3).equalsIgnoreCase("tenant-id")) {
      return forms.definitionOf(path.get(2), path.get(4));
    }
    return Optional.empty();
  }

  private static Optional<EngineApiRefusal> refuseOthers(Set<String> sent, Set<String> fields, String what) {
    List<String> refused = new ArrayList<>(sent);
    refused.removeAll(fields);
    if (refused.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(EngineApiRefusal.variables(what + " (" + (fields.isEmpty() ? "none" : String.join(", ", fields))
        + "); refused: " + String.join(", ", refused) + ". Nothing was changed.", refused));
  }

  /** The variable names of a JSON object field; a field of another kind is not a call the engine would take. */
  private static Set<String> names(JsonNode body, String field) {
    JsonNode variables = body.path(field);
    if (variables.isMissingNode() || variables.isNull()) {
      return Set.of();
    }
    if (!variables.isObject()) {
      throw new InvalidBody("'" + field + "' must be a JSON object of variables");
    }
    Set<String> names = new TreeSet<>();
    variables.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** A body the rules cannot read: refused rather than passed on unread. */
  static final class InvalidBody extends RuntimeException {
    InvalidBody(String message) {
      super(message);
    }
  }
}
