package dunes.build;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Turns the JSON text of a build request into a validated {@link BuildSpec}, the same way for the
 * REST API, the change-management message and the Tasklist start form.
 */
@Component
public class BuildRequestReader {

  /** Strict: an unknown or mistyped field is an error the requester sees, not silently dropped. */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private final BuildSpecValidator validator;
  private final RequestProperties limits;

  public BuildRequestReader(BuildSpecValidator validator, RequestProperties limits) {
    this.validator = validator;
    this.limits = limits;
  }

  /** @throws InvalidBuildRequestException with every field error found */
  public BuildSpec read(String json) {
    if (json == null || json.isBlank()) {
      throw new InvalidBuildRequestException(List.of(new FieldError("", "the build request is empty")));
    }
    long size = json.getBytes(StandardCharsets.UTF_8).length;
    if (size > limits.maxSize().toBytes()) {
      throw new InvalidBuildRequestException(List.of(new FieldError("", "the build request has " + size
          + " bytes; at most " + limits.maxSize().toBytes() + " are read (dunes.request.max-size)")));
    }
    BuildSpec spec;
    try {
      spec = JSON.readValue(json, BuildSpec.class);
    } catch (JsonProcessingException e) {
      throw new InvalidBuildRequestException(List.of(toFieldError(e)));
    }
    if (spec == null) {
      throw new InvalidBuildRequestException(List.of(new FieldError("", "the build request is empty")));
    }
    List<FieldError> errors = validator.validate(spec);
    if (!errors.isEmpty()) {
      throw new InvalidBuildRequestException(errors);
    }
    return spec;
  }

  public static String write(BuildSpec spec) {
    try {
      return JSON.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write build spec", e);
    }
  }

  public static BuildSpec parseTrusted(String json) {
    try {
      return JSON.readValue(json, BuildSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored build spec is unreadable: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Jackson's reasons without the values it quotes (a password pasted unquoted reads as an
   * "Unrecognized token 'value'"), and nothing but the expected type for a {@code ...Ref} field.
   */
  private static FieldError toFieldError(JsonProcessingException e) {
    String field = e instanceof JsonMappingException mapping ? path(mapping) : "";
    if (e instanceof UnrecognizedPropertyException unknown) {
      return new FieldError(field, FieldEcho.message(field, unknown.getPropertyName(),
          "unknown field '" + unknown.getPropertyName() + "'"));
    }
    JsonProcessingException syntax = syntaxError(e);
    if (syntax != null) {
      String at = syntax.getLocation() == null ? ""
          : " at line " + syntax.getLocation().getLineNr() + ", column " + syntax.getLocation().getColumnNr();
      return new FieldError(field, "not valid JSON" + at + ": " + withoutValues(firstLine(syntax)));
    }
    return new FieldError(field, FieldEcho.secretField(field) ? "wrong type: a secret reference is a JSON string"
        : "wrong type or format: " + withoutValues(firstLine(e)));
  }

  /** The parser's own error, also when databind wrapped it with the path it was reading. */
  private static JsonProcessingException syntaxError(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonParseException parse) {
        return parse;
      }
    }
    return null;
  }

  private static String firstLine(JsonProcessingException e) {
    return e.getOriginalMessage().split("\n")[0];
  }

  private static String withoutValues(String reason) {
    return reason.replaceAll("\"[^\"]*\"", "\"…\"").replaceAll("'[^']*'", "'…'");
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }
}
