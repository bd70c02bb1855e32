package dunes.edge.xml;

import jakarta.xml.bind.annotation.XmlRootElement;

/**
 * The manager's error body, {@code <error><details/><errorCode/><moduleName/></error>}
 * (vmware-archive/nsxraml documentation/appendix.md, "Error With Single Message").
 */
@XmlRootElement(name = "error")
public class ApiError {

  public String details;
  public Integer errorCode;
  public String moduleName;

  public ApiError() {}

  public ApiError(String details, int errorCode, String moduleName) {
    this.details = details;
    this.errorCode = errorCode;
    this.moduleName = moduleName;
  }
}
