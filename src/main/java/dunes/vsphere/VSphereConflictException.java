package dunes.vsphere;

/**
 * An object already exists under the name a build wants, but differs from what the build asks for.
 * Dunes never overwrites it: an operator must rename or remove it, or change the request.
 */
public class VSphereConflictException extends VSphereException {

  public VSphereConflictException(String message) {
    super(message);
  }
}
