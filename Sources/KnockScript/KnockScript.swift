// The knocksh script language lives here.
