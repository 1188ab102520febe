/* commands.h - the witc subcommands.  Each takes the arguments after its
 * name and returns the process exit code (0 ok, 1 errors reported, 2 usage).
 * Only these functions print. */
#ifndef WITC_COMMANDS_H
#define WITC_COMMANDS_H

int witc_cmd_check(int argc, char **argv);  /* cmd_wit.c */
int witc_cmd_print(int argc, char **argv);  /* cmd_wit.c */
int witc_cmd_json(int argc, char **argv);   /* cmd_wit.c */
int witc_cmd_dump(int argc, char **argv);   /* cmd_dump.c */
int witc_cmd_bindgen(int argc, char **argv); /* cmd_bindgen.c */
int witc_cmd_component(int argc, char **argv); /* cmd_component.c */

#endif
