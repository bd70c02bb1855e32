package dunes.appliance.config;

/** vCO refused to start the workflow with these inputs (HTTP 400): the request must change, a retry cannot help. */
public class VcoRejectedException extends VcoConfigException {

  VcoRejectedException(String message) {
    super(message);
  }
}
