package org.vertxassets.tools;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the jar's commands report a wrong argument: one line on standard error that starts with the
 * command's name, then, for an unknown option or command, the nearest ones; exit status 2.
 */
public final class CommandLines {

  private CommandLines() {
  }

  /**
   * Returns {@code command} printing to {@code out} and {@code err}, reporting a wrong argument as
   * one line that starts with {@code prefix} ({@code vertx-assets build}). Applies to the
   * subcommands it has already, as picocli's setters do; a subcommand added later reports with
   * its own prefix.
   */
  public static CommandLine configure(CommandLine command, String prefix, PrintStream out, PrintStream err) {
    return command.setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .setParameterExceptionHandler(new OneLine(prefix));
  }

  /** Reports a wrong argument; picocli calls the root command's handler, which passes it on. */
  private record OneLine(String prefix) implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) throws Exception {
      CommandLine where = e.getCommandLine();
      if (where.getParameterExceptionHandler() instanceof OneLine own && own != this) {
        return own.handleParseException(e, args);
      }
      PrintWriter err = where.getErr();
      err.println(prefix + ": " + e.getMessage() + " (see " + where.getCommandSpec().qualifiedName() + " --help)");
      if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
        List<String> near = suggestions(unmatched);
        if (!near.isEmpty()) {
          err.println(unmatched.isUnknownOption() ? "Possible solutions: " + String.join(", ", near)
              : "Did you mean: " + String.join(" or ", near) + "?");
        }
      }
      err.flush();
      return where.getCommandSpec().exitCodeOnInvalidInput();
    }
  }

  /**
   * Returns at most three names near an unknown option or command: those within two edits, nearest
   * first, else picocli's own (bigram) suggestions, which miss a transposition such as
   * {@code --prot} for {@code --port}.
   */
  static List<String> suggestions(UnmatchedArgumentException e) {
    String given = e.getUnmatched().get(0);
    CommandSpec spec = e.getCommandLine().getCommandSpec();
    List<String> names = new ArrayList<>();
    if (e.isUnknownOption()) {
      for (OptionSpec option : spec.options()) {
        if (!option.hidden()) {
          names.addAll(List.of(option.names()));
        }
      }
    } else {
      for (Map.Entry<String, CommandLine> sub : spec.subcommands().entrySet()) {
        if (!sub.getValue().getCommandSpec().usageMessage().hidden()) {
          names.add(sub.getKey());
        }
      }
    }
    List<String> near = names.stream().filter(n -> distance(given, n) <= 2)
        .sorted(Comparator.comparingInt(n -> distance(given, n))).toList();
    if (!near.isEmpty()) {
      return near.stream().limit(3).toList();
    }
    Set<String> similar = new LinkedHashSet<>();
    for (String s : e.getSuggestions()) {
      // picocli may name a command by its full name (vertx-assets serve): the user typed the last word.
      similar.add(s.substring(s.lastIndexOf(' ') + 1));
    }
    return similar.stream().limit(3).toList();
  }

  /** Returns the optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
