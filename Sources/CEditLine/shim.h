/* libedit for KnockShell. Only KnockShell imports this module; no libedit type leaves it. */
#include <stdio.h>
#include <editline/readline.h>
#include <histedit.h>

/* el_set()/history() are C variadics that Swift cannot call, so each use gets a static inline. */
static inline int shim_el_setty(EditLine *e, const char *a, const char *b) { return el_set(e, EL_SETTY, a, b, NULL); }
static inline int shim_hist_enter(History *h, const char *s) { HistEvent ev; return history(h, &ev, H_ENTER, s); }

/* Setters for libedit's readline globals, so Swift 6 never touches a mutable C global directly. */
static inline void shim_set_outstream(FILE *f) { rl_outstream = f; }
static inline void shim_set_done(int v) { rl_done = v; }
static inline void shim_set_completion_over(int v) { rl_attempted_completion_over = v; }
static inline void shim_set_append_character(int c) { rl_completion_append_character = c; }
static inline void shim_set_completion_function(rl_completion_func_t *f) { rl_attempted_completion_function = f; }
static inline void shim_set_pre_input_hook(rl_hook_func_t *f) { rl_pre_input_hook = f; }
static inline void shim_set_word_breaks(char *s) { rl_completer_word_break_characters = s; rl_basic_word_break_characters = s; }
static inline void shim_set_query_items(int n) { rl_completion_query_items = n; }
static inline FILE *shim_stderr(void) { return stderr; }
static inline const char *shim_line_buffer(void) { return rl_line_buffer; }
static inline void shim_set_readline_name(const char *name) { rl_readline_name = name; }
static inline void shim_set_instream(FILE *f) { rl_instream = f; }
static inline FILE *shim_stdin(void) { return stdin; }
static inline FILE *shim_stdout(void) { return stdout; }
