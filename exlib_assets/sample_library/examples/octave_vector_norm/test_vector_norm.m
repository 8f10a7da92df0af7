% TEST_VECTOR_NORM  tests for vector_norm.m (not shown to students)
% Written with plain assert(condition, message) so it runs in Octave and MATLAB.
tol = 1e-12;

assert(abs(vector_norm([3 4]) - 5) < tol, 'default p = 2 (row vector)');
assert(abs(vector_norm([3; 4]) - 5) < tol, 'default p = 2 (column vector)');
assert(abs(vector_norm([1 -2 3], 1) - 6) < tol, 'p = 1');
assert(abs(vector_norm([1 2 2], 3) - 17^(1/3)) < tol, 'p = 3');
assert(vector_norm([]) == 0, 'empty vector has norm 0');

x = [0.3 -1.7 2.2 0.1];
for p = [1 2 3 4.5]
  assert(abs(vector_norm(x, p) - norm(x, p)) < tol, sprintf('agrees with norm for p = %g', p));
end

% error handling
bad = {{[1 2], 0.5, 'vector_norm:invalidP'}, ...
       {[1 2], Inf, 'vector_norm:invalidP'}, ...
       {[1 2], [1 2], 'vector_norm:invalidP'}, ...
       {magic(3), 2, 'vector_norm:notVector'}};
for k = 1:numel(bad)
  c = bad{k};
  id = '';
  try
    vector_norm(c{1}, c{2});
  catch err
    id = err.identifier;
  end
  assert(strcmp(id, c{3}), sprintf('case %d must raise %s', k, c{3}));
end

% the built-in norm must not be used
src = regexprep(fileread('vector_norm.m'), '%[^\n]*', '');  % drop comments
assert(isempty(regexp(src, '(?<![\w.])norm\s*\(', 'once')), 'do not call norm()');

disp('all tests passed');
