// The forge CLI: being built.
return 0;
