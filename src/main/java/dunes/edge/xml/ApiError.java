package dunes.edge.xml;

import jakarta.xml.bind.annotation.XmlRootElement;

/** The manager's error body: {@code <error><details/><errorCode/><moduleCode/></error>}. */
@XmlRootElement(name = "error")
public class ApiError {

  public String details;
  public Integer errorCode;
  public Integer moduleCode;

  public ApiError() {}

  public ApiError(String details, int errorCode, int moduleCode) {
    this.details = details;
    this.errorCode = errorCode;
    this.moduleCode = moduleCode;
  }
}
