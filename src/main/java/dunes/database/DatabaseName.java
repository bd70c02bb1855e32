package dunes.database;

/**
 * The name of a SQL Server database, checked before any SQL is sent, and its T-SQL delimited
 * identifier. {@code ALTER DATABASE} takes no parameter for the database, so the name is written
 * into the statement text, quoted as {@code QUOTENAME(name)} quotes it: {@code [}, the name with
 * every {@code ]} doubled, {@code ]}. Inside brackets nothing else is special, so no name can end
 * the identifier early. Names QUOTENAME would not take (over 128 characters) or that no sane
 * database carries (empty, blank, control characters such as NUL) are refused here.
 *
 * @param name the name exactly as {@code sys.databases.name} holds it
 */
public record DatabaseName(String name) {

  /** {@code sysname} is {@code nvarchar(128)}: 128 UTF-16 code units, as {@link String#length()} counts. */
  public static final int MAX_LENGTH = 128;

  public DatabaseName {
    if (name == null || name.isBlank()) {
      throw new InvalidDatabaseRequestException("database.name is empty");
    }
    if (name.length() > MAX_LENGTH) {
      throw new InvalidDatabaseRequestException("database.name is " + name.length()
          + " characters long; SQL Server allows at most " + MAX_LENGTH + ": '" + printable(name.substring(0, 40)) + "...'");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) {
        throw new InvalidDatabaseRequestException(String.format(
            "database.name '%s' contains the control character U+%04X at position %d", printable(name), (int) c, i + 1));
      }
    }
  }

  public static DatabaseName of(String name) {
    return new DatabaseName(name);
  }

  /** The delimited identifier for statement text, as {@code QUOTENAME(name)} returns it. */
  public String quoted() {
    return "[" + name.replace("]", "]]") + "]";
  }

  @Override
  public String toString() {
    return quoted();
  }

  /** The name for a message: control characters as {@code \\uXXXX}, so a log line stays one line. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      out.append(Character.isISOControl(c) ? String.format("\\u%04X", (int) c) : String.valueOf(c));
    }
    return out.toString();
  }
}
