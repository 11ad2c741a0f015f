import { useEffect, useState } from 'react';
import { api } from '../api/host';
import type { ProjectFile } from '../../../shared/contract';

/** The project files in the projects folder (null while loading), and that folder, for the dialogs that pick one. */
export function useProjectListing(): { files: ProjectFile[] | null; dir: string } {
  const [files, setFiles] = useState<ProjectFile[] | null>(null);
  const [dir, setDir] = useState('');
  useEffect(() => {
    api.call('project.list', {}).then(
      (listing) => {
        setFiles(listing.files);
        setDir(listing.dir);
      },
      () => setFiles([]),
    );
  }, []);
  return { files, dir };
}
