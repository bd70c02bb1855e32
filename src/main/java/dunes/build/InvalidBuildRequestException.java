package dunes.build;

import java.util.List;

public class InvalidBuildRequestException extends RuntimeException {

  private final List<FieldError> errors;

  public InvalidBuildRequestException(List<FieldError> errors) {
    super("the build request has " + errors.size() + " error(s): " + errors);
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
