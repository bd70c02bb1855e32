package dunes.build;

import static dunes.build.BuildVariables.BUILD_REQUEST;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.cmd.GetDeployedStartFormCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * The Tasklist start form's fields ({@link StartFormFields}) turned into the build request, on the
 * start event {@code StartEvent_BuildForm}, in the transaction that starts the build: read with the
 * API's own {@link BuildRequestReader}, so a form start is checked by the same rules as
 * {@code POST /api/builds}. Valid, the request goes on as the transient {@code buildRequest} the API
 * sets (Task_ValidateRequest takes it from there) and the form's variables are removed, so the
 * instance keeps what an API start keeps. Invalid, the start fails with every field error under the
 * form's label: nothing is created, and Tasklist shows the message over the form, which keeps its values.
 */
@Component
public class StartFormRequest implements ExecutionListener {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** A request field's path, as error messages mention other fields. */
  private static final Pattern FIELD_PATH =
      Pattern.compile("\\b[a-z][A-Za-z]*(\\[\\d+])?(\\.[a-z][A-Za-z]*(\\[\\d+])?)+\\b");

  private final BuildRequestReader reader;

  public StartFormRequest(BuildRequestReader reader) {
    this.reader = reader;
  }

  @Override
  public void notify(DelegateExecution execution) {
    Map<String, Object> fields = new HashMap<>();
    for (String name : execution.getVariableNames()) {
      if (StartFormFields.isField(name)) {
        fields.put(name, execution.getVariable(name));
        execution.removeVariable(name);
      }
    }
    StartFormFields form = StartFormFields.of(fields);
    try {
      reader.read(form.json());
    } catch (InvalidBuildRequestException e) {
      Map<String, String> labels = labels(execution.getProcessDefinitionId());
      throw new InvalidStartFormException(e.errors().stream().map(error -> labelled(error, form, labels)).toList());
    }
    execution.setVariable(BUILD_REQUEST, Variables.stringValue(form.json(), true));
  }

  /** The error under the form field's label, and any field it mentions ("already used by nodes[0].ip") too. */
  private static FieldError labelled(FieldError error, StartFormFields form, Map<String, String> labels) {
    String message = FIELD_PATH.matcher(error.message()).replaceAll(path -> Matcher.quoteReplacement(
        labels.getOrDefault(form.formKey(path.group()), path.group())));
    return new FieldError(labels.getOrDefault(form.formKey(error.field()), error.field()), message);
  }

  /** The deployed start form's labels by key, as the person saw them. */
  private static Map<String, String> labels(String processDefinitionId) {
    CommandContext command = Context.getCommandContext();
    try (InputStream form = command.runWithoutAuthorization(() -> new GetDeployedStartFormCmd(processDefinitionId)
        .execute(command))) {
      Map<String, String> labels = new HashMap<>();
      collect(JSON.readTree(form).path("components"), labels);
      return labels;
    } catch (IOException e) {
      throw new UncheckedIOException("the deployed start form is not JSON", e);
    }
  }

  private static void collect(JsonNode components, Map<String, String> labels) {
    for (JsonNode component : components) {
      collect(component.path("components"), labels);
      if (component.hasNonNull("key") && component.hasNonNull("label")) {
        labels.put(component.get("key").asText(), component.get("label").asText());
      }
    }
  }

  /**
   * A start form the build request's rules refuse; its message lists every field by the form's
   * label. The engine's own type for an invalid form field, which its REST API answers with 400.
   */
  public static final class InvalidStartFormException extends FormFieldValidationException {
    private final List<FieldError> errors;

    public InvalidStartFormException(List<FieldError> errors) {
      super(errors, "Nothing was started: the build request has " + errors.size() + " error(s). " + errors.stream()
          .map(error -> (error.field().isEmpty() ? "request" : error.field()) + ": " + error.message())
          .collect(Collectors.joining("; ")));
      this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
      return errors;
    }
  }
}
